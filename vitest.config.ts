import { configDefaults, defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// Files that read process-wide state another file may have set in the same worker: OpenTelemetry's global tracer
// provider (set once per process) and the error-code registry (test files register codes of their own).
const ISOLATED = [
  'packages/service-kit/test/telemetry.int.test.ts',
  'packages/messaging/test/trace.int.test.ts',
  'e2e/test/errors-doc.unit.test.ts',
]

const TESTS = ['{apps,packages,services,tools,e2e}/**/test/**/*.test.ts', 'e2e/**/*.e2e.test.ts']

/** End-to-end and browser files (a world each, often Chromium), then integration, then unit. */
const tierOf = (file: string) => (file.endsWith('.e2e.test.ts') ? 0 : file.endsWith('.int.test.ts') ? 1 : 2)

/**
 * The order files start in. Without durations from an earlier run (a clean clone, as CI has) Vitest starts the larger
 * files first, but a file's tier says more about its time than its size: a 10 kB browser file takes minutes under
 * load, a 30 kB unit file a second, and the biggest files by size are not the longest. So the tiers go in order,
 * larger first within each: the long files start while both workers are busy and the short ones fill the end, instead
 * of one worker waiting on a world the other started last. With every file's duration known (`node_modules/.vite`
 * after a run here), Vitest's own order stands: failed first, then longest first.
 */
class TierSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    if (files.every((f) => this.ctx.cache.getTestSpecificationResult(f))) return sorted
    // Vitest's order keeps each project's files together (isolated first); the tiers reorder within a project.
    const position = new Map(sorted.map((f, i) => [f, i]))
    return sorted.toSorted(
      (a, b) =>
        (a.project.name === b.project.name ? tierOf(a.moduleId) - tierOf(b.moduleId) : 0) ||
        (position.get(a) as number) - (position.get(b) as number),
    )
  }
}
// `--sequence.shuffle.files` on the command line asks for Vitest's random order, which a sequencer set here would
// override.
const shuffled = process.argv.some((a) => a.startsWith('--sequence.shuffle'))

// One runner for the whole tree. Tiers are chosen by file suffix: `pnpm test:unit` = `vitest run .unit.test`.
export default defineConfig({
  test: {
    globalSetup: ['packages/testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Events cross processes and transactions: on two busy cores one can take well over vitest's default second to
    // arrive. A poll still fails when the thing never happens, just later.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // Two cores: integration files each own a schema and a stream, so they may run side by side.
    maxWorkers: 2,
    ...(shuffled ? {} : { sequence: { sequencer: TierSequencer } }),
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
