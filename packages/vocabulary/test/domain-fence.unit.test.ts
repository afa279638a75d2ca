import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The fence around domain code lives in biome.json (an override with noRestrictedImports and the
// scripts/lint/no-ambient-time.grit plugin). This runs the real Biome with the real configuration over files that
// break each rule, at paths inside and outside the fence, and expects exactly the diagnostics the fence promises.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const biome = join(root, 'node_modules/.bin/biome')

type Diagnostic = { category: string; path: string; message: string }

const forbidden: Array<[string, string]> = [
  ['Prisma', "import { PrismaClient } from '@prisma/client'"],
  ['Prisma adapter', "import { PrismaPg } from '@prisma/adapter-pg'"],
  ['the generated client', "import { PrismaClient } from '../generated/client.js'"],
  ['db/', "import { taskRepository } from '../db/tasks.js'"],
  ['@onewindow/db', "import { migrate } from '@onewindow/db'"],
  ['Fastify', "import Fastify from 'fastify'"],
  ['a Fastify plugin', "import cors from '@fastify/cors'"],
  ['NATS JetStream', "import { jetstream } from '@nats-io/jetstream'"],
  ['NATS transport', "import { connect } from '@nats-io/transport-node'"],
  ['@onewindow/messaging', "import { sweep } from '@onewindow/messaging'"],
  ['pg', "import pg from 'pg'"],
  ['node:fs', "import { readFileSync } from 'node:fs'"],
  ['node:fs/promises', "import { readFile } from 'node:fs/promises'"],
  ['node:http', "import { request } from 'node:http'"],
  ['node:net', "import { connect } from 'node:net'"],
  ['node:child_process', "import { spawn } from 'node:child_process'"],
  ['node:process', "import { env } from 'node:process'"],
  ['dynamic import of node:fs', "const fs = await import('node:fs')"],
]

const wallClock: Array<[string, string]> = [
  ['Date.now()', 'const at = Date.now()'],
  ['new Date() without an argument', 'const at = new Date()'],
]

const allowed: Array<[string, string]> = [
  ['the vocabulary', "import type { Result } from '@onewindow/vocabulary'"],
  ['workdays', "import { evaluateClock } from '@onewindow/workdays'"],
  ['contracts', "import type { TaskSnapshot } from '@onewindow/contracts'"],
  ['node:crypto (pure)', "import { createHash } from 'node:crypto'"],
  ['new Date(instant)', "const at = new Date('2026-03-02T01:00:00Z')"],
  ['new Date(number)', 'const at = new Date(0)'],
  ['Date.parse', "const at = Date.parse('2026-03-02T01:00:00Z')"],
]

const fenced = ['services/approval/src/domain', 'services/gateway/src/domain', 'packages/workdays/src']
const outside = ['services/approval/src/routes', 'services/approval/src/db', 'packages/service-kit/src']

const fileName = (i: number) => `fence-case-${i}.ts`
const fenceCategories = new Set(['lint/style/noRestrictedImports', 'plugin'])

let dir: string
let diagnostics: Diagnostic[]

/** The case files as Biome sees them: each statement in its own file, in every folder of `fenced` and `outside`. */
function writeCases(): void {
  const cases = [...forbidden, ...wallClock, ...allowed]
  for (const folder of [...fenced, ...outside]) {
    mkdirSync(join(dir, folder), { recursive: true })
    cases.forEach(([, source], i) => {
      writeFileSync(join(dir, folder, fileName(i)), `${source}\nexport const use = [${usedName(source)}]\n`)
    })
  }
}

/** Keep the import used, so only the fence speaks. */
function usedName(source: string): string {
  const m = /^(?:import (?:type )?(?:\{ )?(\w+)|const (\w+))/.exec(source)
  return m?.[1] ?? m?.[2] ?? ''
}

const at = (folder: string, i: number) => (d: Diagnostic) => d.path.endsWith(`${folder}/${fileName(i)}`)
const fenceOnly = (ds: Diagnostic[]) => ds.filter((d) => fenceCategories.has(d.category))

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'domain-fence-'))
  // The real configuration, byte for byte, except that the copy is not in a git work tree.
  const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8')) as Record<string, unknown>
  delete config['vcs']
  delete config['$schema']
  writeFileSync(join(dir, 'biome.json'), JSON.stringify(config))
  cpSync(join(root, 'scripts/lint'), join(dir, 'scripts/lint'), { recursive: true })
  writeCases()
  const run = spawnSync(biome, ['lint', '--reporter=json', '--max-diagnostics=none', '.'], {
    cwd: dir,
    encoding: 'utf8',
  })
  const report = JSON.parse(run.stdout) as {
    diagnostics: Array<{ category: string; location: { path: string }; message: string }>
  }
  diagnostics = report.diagnostics.map((d) => ({ category: d.category, path: d.location.path, message: d.message }))
}, 60_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the domain fence', () => {
  for (const folder of fenced) {
    describe(folder, () => {
      forbidden.forEach(([what], i) => {
        it(`refuses ${what}`, () => {
          const found = fenceOnly(diagnostics.filter(at(folder, i)))
          expect(found.map((d) => d.category)).toEqual(['lint/style/noRestrictedImports'])
          expect(found[0]?.message).toMatch(/domain code/)
        })
      })
      wallClock.forEach(([what], j) => {
        it(`refuses ${what}`, () => {
          const found = fenceOnly(diagnostics.filter(at(folder, forbidden.length + j)))
          expect(found.map((d) => d.category)).toEqual(['plugin'])
          expect(found[0]?.message).toMatch(/reads the wall clock/)
        })
      })
      allowed.forEach(([what], k) => {
        it(`allows ${what}`, () => {
          expect(fenceOnly(diagnostics.filter(at(folder, forbidden.length + wallClock.length + k)))).toEqual([])
        })
      })
    })
  }

  it('stays out of routes, db and the platform packages', () => {
    for (const folder of outside) {
      expect(fenceOnly(diagnostics.filter((d) => d.path.includes(`${folder}/`)))).toEqual([])
    }
  })
})
