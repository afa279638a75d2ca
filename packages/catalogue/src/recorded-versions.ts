import { readFileSync } from 'node:fs'
import type { Catalogue } from './catalogue.js'

/**
 * Every bundled version as it shipped: region, version and the sha256 of the resolved data (`Catalogue.hash`), checked
 * in as `data/versions.json`, one entry a line. A pin says `<region>@<version>+sha256:…`, and a service resolves an
 * unstored pin as the region's bundled catalogue, so a bundled version whose content changed under the same name would
 * silently move every project pinned to it: the record is what a test holds the bundled documents to.
 */
export type RecordedVersion = { region: string; version: string; hash: string }
export type VersionRecord = readonly RecordedVersion[]

/** Where the record is kept, beside the documents it records. */
export const versionRecordFile = new URL('../data/versions.json', import.meta.url)

/** The command that records the bundled versions' hashes (`packages/catalogue/scripts/record-versions.ts`). */
export const recordCommand = 'pnpm -s catalogue-versions'

const SHA256 = /^[0-9a-f]{64}$/

/** The checked-in record; a file not of its shape (hand-edited) is thrown, naming the entry. */
export function recordedVersions(text: string = readFileSync(versionRecordFile, 'utf8')): VersionRecord {
  const value: unknown = JSON.parse(text)
  if (!Array.isArray(value)) throw new Error('data/versions.json: must be a list of {region, version, hash}')
  value.forEach((e: Partial<RecordedVersion> | null, i) => {
    const ok =
      typeof e?.region === 'string' &&
      typeof e.version === 'string' &&
      typeof e.hash === 'string' &&
      SHA256.test(e.hash)
    if (!ok) throw new Error(`data/versions.json: entry ${i} must be {region, version, hash} with a sha256 in hex`)
  })
  return value as VersionRecord
}

const recordedHash = (record: VersionRecord, region: string, version: string) =>
  record.find((r) => r.region === region && r.version === version)?.hash

/** A bundled catalogue the record does not hold as it is. */
export type UnrecordedVersion = {
  region: string
  version: string
  hash: string
  /** The hash recorded for this region and version: present when the content changed under the same name. */
  recorded?: string
  /** What the developer does about it. */
  message: string
}

/** The bundled catalogues whose (region, version) the record lacks, or holds with other content. */
export function unrecordedVersions(catalogues: readonly Catalogue[], record: VersionRecord): UnrecordedVersion[] {
  const found: UnrecordedVersion[] = []
  for (const { region, version, hash } of catalogues) {
    const recorded = recordedHash(record, region.code, version)
    if (recorded === hash) continue
    const at = `${region.code}@${version}`
    found.push(
      recorded === undefined
        ? {
            region: region.code,
            version,
            hash,
            message: `${at} (sha256:${hash.slice(0, 12)}) is not recorded: run \`${recordCommand}\` to record its hash in packages/catalogue/data/versions.json.`,
          }
        : {
            region: region.code,
            version,
            hash,
            recorded,
            message:
              `${at} now resolves to sha256:${hash.slice(0, 12)}, but ${version} shipped as sha256:${recorded.slice(0, 12)}: ` +
              `a version names one content, and projects pinned to it would silently move. Name the change: set a new ` +
              `\`version\` in packages/catalogue/data/${region.code}.yaml (an edit to a parent's document changes this ` +
              `region too), then run \`${recordCommand}\` to record its hash.`,
          },
    )
  }
  return found
}

/**
 * The record with every bundled catalogue's (region, version) added; refused (nothing added) when a recorded version's
 * content changed, since recording it again would rename nothing. Entries sorted by region and version, for a stable
 * diff.
 */
export function recordVersions(
  catalogues: readonly Catalogue[],
  record: VersionRecord,
): { record: VersionRecord; added: UnrecordedVersion[]; refused: UnrecordedVersion[] } {
  const missing = unrecordedVersions(catalogues, record)
  const refused = missing.filter((m) => m.recorded !== undefined)
  const added = missing.filter((m) => m.recorded === undefined)
  if (refused.length > 0) return { record, added: [], refused }
  const byName = (a: RecordedVersion, b: RecordedVersion) =>
    a.region.localeCompare(b.region) || a.version.localeCompare(b.version, 'en', { numeric: true })
  const sorted = [...record, ...added.map(({ region, version, hash }) => ({ region, version, hash }))].sort(byName)
  return { record: sorted, added, refused: [] }
}

/** The record as the file holds it. */
export const versionRecordText = (record: VersionRecord): string =>
  `[\n${record.map(({ region, version, hash }) => `  ${JSON.stringify({ region, version, hash })}`).join(',\n')}\n]\n`
