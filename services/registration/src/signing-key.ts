import { generateKeyPairSync } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const SIGNING_KEY_FILE = 'cert-signing-key.pem'

/**
 * The PEM kept in `dataDir`, made on first start: a local run signs with the same key across restarts, so the
 * certificates it issued keep verifying. Production sets CERT_SIGNING_KEY instead.
 */
export async function loadOrCreateSigningKey(
  dataDir: string,
): Promise<{ pem: string; path: string; created: boolean }> {
  const path = join(dataDir, SIGNING_KEY_FILE)
  try {
    return { pem: await readFile(path, 'utf8'), path, created: false }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const { privateKey } = generateKeyPairSync('ed25519')
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  await mkdir(dataDir, { recursive: true })
  // `wx`: two first starts racing keep the first key rather than overwrite it.
  try {
    await writeFile(path, pem, { mode: 0o600, flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return { pem: await readFile(path, 'utf8'), path, created: false }
    throw err
  }
  return { pem, path, created: true }
}
