import { generateKeyPairSync } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const SIGNING_KEY_FILE = 'cert-signing-key.pem'
export const SM2_SIGNING_KEY_FILE = 'cert-sm2-signing-key.pem'

/** The two certificate keys a local run makes for itself: Ed25519 and SM2 (sm2p256v1), as PKCS#8 PEM. */
const generators = {
  ed25519: () => generateKeyPairSync('ed25519').privateKey,
  // Node makes an "ec" key on the SM2 curve; written as PKCS#8 it reads back as OpenSSL's SM2 key, the same file
  // `openssl genpkey -algorithm SM2` writes.
  sm2: () => generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey,
} as const

/**
 * The PEM kept in `dataDir`, made on first start: a local run signs with the same key across restarts, so the
 * certificates it issued keep verifying. Production sets CERT_SIGNING_KEY and CERT_SM2_SIGNING_KEY instead.
 */
export async function loadOrCreateSigningKey(
  dataDir: string,
  algorithm: keyof typeof generators = 'ed25519',
): Promise<{ pem: string; path: string; created: boolean }> {
  const path = join(dataDir, algorithm === 'ed25519' ? SIGNING_KEY_FILE : SM2_SIGNING_KEY_FILE)
  try {
    return { pem: await readFile(path, 'utf8'), path, created: false }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const pem = generators[algorithm]().export({ format: 'pem', type: 'pkcs8' }).toString()
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
