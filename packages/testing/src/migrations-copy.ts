import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A service's migrations up to one of them, in a directory of their own (removed on dispose): `before` holds those
 * before `name`, to build a schema as it stood, and `through` those up to `name` itself, to apply that one alone. A
 * migration test then checks exactly its own migration, however many are added after it.
 */
export function migrationsUpTo(migrationsDir: string, name: string) {
  const copy = (keep: (m: string) => boolean) => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'))
    for (const m of readdirSync(migrationsDir).filter(keep))
      cpSync(join(migrationsDir, m), join(dir, m), { recursive: true })
    return dir
  }
  // A migration's directory name begins with its timestamp: `migration_lock.toml` sorts after every one of them.
  const before = copy((m) => m < name)
  const through = copy((m) => m <= name)
  return {
    before,
    through,
    [Symbol.dispose]() {
      rmSync(before, { recursive: true, force: true })
      rmSync(through, { recursive: true, force: true })
    },
  }
}
