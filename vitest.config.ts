import { defineConfig } from 'vitest/config'

// One runner for the whole tree. Tiers are chosen by file suffix: `pnpm test:unit` = `vitest run .unit.test`.
export default defineConfig({
  test: {
    globalSetup: ['packages/testing/src/global-setup.ts'],
    include: ['{packages,services,tools,e2e}/**/test/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: integration files each own a schema and a stream, so they may run side by side.
    maxWorkers: 2,
  },
})
