import { defineProject, type TestProjectInlineConfiguration } from 'vitest/config'

/**
 * The test project of one package, as every package runs its tests:
 * `@paymux/*` resolved from source (export condition `@paymux/source`), so
 * tests never need a build first; `src/**\/*.test.ts` in Node; type-level
 * tests (`src/**\/*.test-d.ts`, expect-type) through tsc, so an assertion
 * that stops holding fails the run (errors elsewhere in the sources are each
 * package's `typecheck` script's to report). `test` adds or overrides settings.
 */
export function packageProject(name: string, test: TestProjectInlineConfiguration['test'] = {}) {
  return defineProject({
    resolve: { conditions: ['@paymux/source'] },
    ssr: { resolve: { conditions: ['@paymux/source'] } },
    test: {
      name,
      include: ['src/**/*.test.ts'],
      environment: 'node',
      typecheck: {
        enabled: true,
        include: ['src/**/*.test-d.ts'],
        tsconfig: './tsconfig.json',
        ignoreSourceErrors: true,
      },
      ...test,
    },
  })
}
