import { defineConfig } from 'vitest/config'

// One runner for the whole tree. Tiers are chosen by file suffix: `pnpm test:unit` = `vitest run .unit.test`.
export default defineConfig({
  test: {
    globalSetup: ['packages/testing/src/global-setup.ts'],
    include: ['{apps,packages,services,tools,e2e}/**/test/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Events cross processes and transactions: on two busy cores one can take well over vitest's default second to
    // arrive. A poll still fails when the thing never happens, just later.
    expect: { poll: { timeout: 15_000, interval: 20 } },
    // Two cores: integration files each own a schema and a stream, so they may run side by side.
    maxWorkers: 2,
  },
})
