import { describe, expect, it } from 'vitest'
import { readPaystarErrors } from './paystar-errors.js'

describe('readPaystarErrors', () => {
  it('reads strings and the common object shapes verbatim, in order', () => {
    expect(
      readPaystarErrors([
        'Plain text.',
        { message: 'lower' },
        { ErrorMessage: 'Pascal', PropertyName: 'Charges[0].Amount' },
        { field: 'ClientUser.EmailAddress', description: 'Email required' },
        { code: 42 },
        '   ',
      ]),
    ).toEqual({
      messages: ['Plain text.', 'lower', 'Pascal', 'Email required', '{"code":42}'],
      issues: [
        { path: 'Charges[0].Amount', message: 'Pascal' },
        { path: 'ClientUser.EmailAddress', message: 'Email required' },
      ],
    })
  })

  it('reads nothing from what is not an array', () => {
    expect(readPaystarErrors(undefined)).toEqual({ messages: [], issues: [] })
    expect(readPaystarErrors('oops')).toEqual({ messages: [], issues: [] })
  })
})
