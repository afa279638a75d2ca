import { configDefaults, defineConfig } from 'vitest/config'

// Files that read process-wide state another file may have set in the same worker: OpenTelemetry's global tracer
// provider (set once per process) and the error-code registry (test files register codes of their own).
const ISOLATED = [
  'packages/service-kit/test/telemetry.int.test.ts',
  'packages/messaging/test/trace.int.test.ts',
  'e2e/test/errors-doc.unit.test.ts',
]

const TESTS = ['{apps,packages,services,tools,e2e}/**/test/**/*.test.ts', 'e2e/**/*.e2e.test.ts']

// One runner for the whole tree. Tiers are chosen by file suffix: `pnpm test:unit` = `vitest run .unit.test`.
export default defineConfig({
  test: {
    globalSetup: ['packages/testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Events cross processes and transactions: on two busy cores one can take well over vitest's default second to
    // arrive. A poll still fails when the thing never happens, just later.
    expect: { poll: { timeout: 15_000, interval: 20 } },
    // Two cores: integration files each own a schema and a stream, so they may run side by side.
    maxWorkers: 2,
    projects: [
      {
        // A worker runs file after file with the modules it has loaded: every file owns its schema, stream and
        // servers and closes them, and importing the services' module graph afresh for each of 170 files cost a
        // third of the suite (387 → 256 s on a quiet machine; README, "Quick start").
        extends: true,
        test: {
          name: 'shared',
          isolate: false,
          include: TESTS,
          exclude: [...configDefaults.exclude, '**/dist/**', ...ISOLATED],
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
})
