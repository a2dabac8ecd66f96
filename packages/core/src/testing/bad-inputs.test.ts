import { describe, expect, it } from 'vitest'
import { InvalidRequestError, NotFoundError } from '../errors/index.js'
import { loadsZod, modulesImporting } from '../import-graph.test-support.js'
import { httpUrlProblem, pathIdProblem } from '../validation/index.js'
import { BAD_PATH_IDS, BAD_URLS, invalidRequestOf, recordingFetch } from './bad-inputs.js'

const invalid = new InvalidRequestError({ provider: 'acme', message: 'acme: invalid input: id: bad' })

describe('invalidRequestOf', () => {
  it('resolves to the InvalidRequestError the promise rejects with', async () => {
    await expect(invalidRequestOf(Promise.reject(invalid))).resolves.toBe(invalid)
  })

  it('throws when the promise resolves', async () => {
    await expect(invalidRequestOf(Promise.resolve('ok'))).rejects.toThrow(
      'expected an InvalidRequestError, but the call succeeded',
    )
  })

  it('rethrows any other rejection as it is', async () => {
    const other = new NotFoundError({ provider: 'acme', message: 'acme: no such payment', httpStatus: 404 })
    await expect(invalidRequestOf(Promise.reject(other))).rejects.toBe(other)
  })
})

describe('recordingFetch', () => {
  it('records each URL and answers 500', async () => {
    const { calls, fetch } = recordingFetch()
    const first = await fetch('https://api.example/a')
    await fetch(new Request('https://api.example/b'))
    expect(calls).toEqual(['https://api.example/a', 'https://api.example/b'])
    expect(first.status).toBe(500)
  })
})

describe('the corpora', () => {
  it('are refused by the core checks, every case', () => {
    expect(BAD_PATH_IDS.filter(([, id]) => pathIdProblem(id) === undefined)).toEqual([])
    expect(BAD_URLS.filter(([, url]) => httpUrlProblem(url) === undefined)).toEqual([])
  })

  it('load neither vitest nor zod, so any runner can use them', () => {
    const entry = new URL('bad-inputs.ts', import.meta.url).pathname
    expect(modulesImporting(entry, (specifier) => specifier === 'vitest' || loadsZod(specifier))).toEqual([])
  })
})
