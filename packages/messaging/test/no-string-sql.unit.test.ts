import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// "No SQL built from strings" (docs/architecture.md#persistence) is the scripts/lint/no-string-sql.grit plugin in
// biome.json. This runs the real Biome with the real configuration over statements that break it and statements
// that keep it, in a service's db/ and in this package, and expects exactly the diagnostics promised.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const biome = join(root, 'node_modules/.bin/biome')

const prelude = `declare const tx: {
  $queryRawUnsafe(q: string, ...v: unknown[]): Promise<unknown>
  $executeRawUnsafe(q: string, ...v: unknown[]): Promise<number>
  $queryRaw(q: TemplateStringsArray, ...v: unknown[]): Promise<unknown>
  $executeRaw(q: TemplateStringsArray, ...v: unknown[]): Promise<number>
}
declare const Prisma: { raw(s: string): unknown; sql(q: TemplateStringsArray, ...v: unknown[]): unknown; empty: unknown }
declare const id: string
declare const lock: boolean
`

// Each case is source text: `#{x}` in it is written out as a template placeholder.
const refused: Array<[string, string]> = [
  ['$queryRawUnsafe', "export const run = () => tx.$queryRawUnsafe('SELECT state FROM task WHERE id = $1', id)"],
  [
    '$executeRawUnsafe with a built string',
    "export const run = () => tx.$executeRawUnsafe(`DELETE FROM task WHERE id = '#{id}'`)",
  ],
  ['Prisma.raw', "export const run = () => Prisma.raw(lock ? 'FOR UPDATE' : '')"],
]

const allowed: Array<[string, string]> = [
  ['a tagged $queryRaw', 'export const run = () => tx.$queryRaw`SELECT state FROM task WHERE id = #{id}::uuid`'],
  ['a tagged $executeRaw', 'export const run = () => tx.$executeRaw`DELETE FROM task WHERE id = #{id}::uuid`'],
  [
    'a Prisma.sql fragment or Prisma.empty',
    'export const run = () => tx.$queryRaw`SELECT 1 FROM task WHERE id = #{id}::uuid #{lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`',
  ],
]

const folders = ['services/utility/src/db', 'packages/messaging/src']
const fileName = (i: number) => `string-sql-case-${i}.ts`

type Diagnostic = { category: string; path: string; message: string }
let dir: string
let diagnostics: Diagnostic[]

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'no-string-sql-'))
  // The real configuration, except that the copy is not in a git work tree.
  const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8')) as Record<string, unknown>
  delete config['vcs']
  delete config['$schema']
  writeFileSync(join(dir, 'biome.json'), JSON.stringify(config))
  cpSync(join(root, 'scripts/lint'), join(dir, 'scripts/lint'), { recursive: true })
  for (const folder of folders) {
    mkdirSync(join(dir, folder), { recursive: true })
    ;[...refused, ...allowed].forEach(([, source], i) => {
      writeFileSync(join(dir, folder, fileName(i)), `${prelude}${source.replaceAll('#{', '${')}\n`)
    })
  }
  const run = spawnSync(biome, ['lint', '--reporter=json', '--max-diagnostics=none', '.'], {
    cwd: dir,
    encoding: 'utf8',
  })
  const report = JSON.parse(run.stdout) as {
    diagnostics: Array<{ category: string; location: { path: string }; message: string }>
  }
  diagnostics = report.diagnostics
    .map((d) => ({ category: d.category, path: d.location.path, message: d.message }))
    .filter((d) => d.category === 'plugin')
}, 60_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('no SQL built from strings', () => {
  for (const folder of folders) {
    describe(folder, () => {
      const at = (i: number) => diagnostics.filter((d) => d.path.endsWith(`${folder}/${fileName(i)}`))
      refused.forEach(([what], i) => {
        it(`refuses ${what}`, () => {
          const found = at(i)
          expect(found).toHaveLength(1)
          expect(found[0]?.message).toMatch(/No SQL built from strings/)
        })
      })
      allowed.forEach(([what], j) => {
        it(`allows ${what}`, () => {
          expect(at(refused.length + j)).toEqual([])
        })
      })
    })
  }
})
