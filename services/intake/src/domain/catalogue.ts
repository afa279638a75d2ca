import {
  type CatalogueData,
  type CatalogueDocument,
  checkDocument,
  contentHash,
  type Problem,
  type VersionRecord,
} from '@onewindow/catalogue'
import { ok, type Result, refuse } from '@onewindow/vocabulary'

/** A version as intake keeps it (the `catalogue_version` row without the document and data). */
export type StoredVersion = {
  pin: string
  region: string
  version: string
  activeFrom: string | null
}

/** What an upload is stored as, once it has no error. */
export type UploadedVersion = {
  pin: string
  region: string
  version: string
  hash: string
  data: CatalogueData
  warnings: Problem[]
}

/** A version name as `CatalogueVersionName` of @onewindow/contracts: how an administrator names it to activate it. */
const VERSION_NAME = /^20\d{2}(\.[0-9A-Za-z-]{1,20}){1,3}$/

/**
 * 目录上传: the document checked over the bundled parents exactly as `onewindow catalogue validate <file>` checks it,
 * every problem in one refusal (`problems`: severity, code, path, message, as the CLI's `--json` prints them); a
 * version name a region already has is refused unless it is the same content again (answered with what is stored),
 * and so is every version name the region's bundled document has carried — today's, and those a release replaced,
 * whose pins projects still carry. `parents` are the bundled documents; `bundled`, the record of every bundled version
 * (`data/versions.json` of @onewindow/catalogue); `taken`, the region's stored version of the uploaded name.
 */
export function decideUpload(
  document: unknown,
  known: { parents: readonly CatalogueDocument[]; bundled: VersionRecord; taken?: StoredVersion & { hash: string } },
): Result<UploadedVersion> {
  const check = checkDocument(document, 'document', known.parents)
  const problems = [...check.problems]
  const version = (document as { version?: unknown } | null)?.version
  if (typeof version === 'string' && !VERSION_NAME.test(version)) {
    problems.push({
      severity: 'error',
      code: 'CATALOGUE_VERSION_NAME',
      path: 'version',
      message: 'must be the year and one to three dot-separated parts of letters, digits or dashes, e.g. 2026.2',
    })
  }
  const errors = problems.filter((p) => p.severity === 'error')
  if (errors.length > 0 || !check.data) {
    return refuse({
      code: 'INTAKE_CATALOGUE_INVALID',
      message: `The catalogue document has ${errors.length} error(s); nothing was stored.`,
      details: {
        region: check.region,
        problems,
        errors: errors.map((p) => ({
          field: `/document${p.path === 'document' ? '' : `/${p.path}`}`,
          message: `${p.code}: ${p.message}`,
        })),
      },
    })
  }
  const data = check.data
  const hash = contentHash(data)
  const pin = `${data.region.code}@${data.version}+sha256:${hash.slice(0, 12)}`
  const nameTaken = (message: string) =>
    refuse({
      code: 'INTAKE_CATALOGUE_VERSION_TAKEN',
      message,
      details: { errors: [{ field: '/document/version', message: 'a version of this region already has this name' }] },
    })
  // Every name a bundled document has carried, today's among them (packages/catalogue's recorded-versions test holds
  // the record to the bundled documents).
  const bundledNames = known.bundled.filter((r) => r.region === data.region.code).map((r) => r.version)
  if (bundledNames.includes(data.version)) {
    return nameTaken(`Version ${data.version} of ${data.region.code} is a bundled catalogue's; name the upload anew.`)
  }
  if (known.taken && known.taken.hash !== hash) {
    return nameTaken(`Version ${data.version} of ${data.region.code} is already stored with other content.`)
  }
  return ok({ pin, region: data.region.code, version: data.version, hash, data, warnings: problems })
}

/**
 * 目录启用: a stored version becomes the one new projects of its region take from `activeFrom` on. Not in the past
 * (projects registered since would have been under another version), not twice, and not on a day another version
 * of the region already starts.
 */
export function decideActivation(
  version: StoredVersion | undefined,
  request: { region: string; version: string; activeFrom: string; today: string },
  regionVersions: readonly StoredVersion[],
): Result<StoredVersion & { activeFrom: string }> {
  if (!version) {
    return refuse({
      code: 'INTAKE_CATALOGUE_VERSION_NOT_FOUND',
      message: `No uploaded version ${request.version} of region ${request.region}.`,
    })
  }
  if (version.activeFrom !== null) {
    return refuse({
      code: 'INTAKE_CATALOGUE_ALREADY_ACTIVATED',
      message: `Version ${version.version} of ${version.region} is already activated from ${version.activeFrom}.`,
      details: { activeFrom: version.activeFrom },
    })
  }
  if (request.activeFrom < request.today) {
    return refuse({
      code: 'INTAKE_CATALOGUE_ACTIVE_FROM_PAST',
      message: `${request.activeFrom} is before today (${request.today}); a version starts today or later.`,
      details: { errors: [{ field: '/activeFrom', message: `must be ${request.today} or later` }] },
    })
  }
  const sameDay = regionVersions.find((v) => v.activeFrom === request.activeFrom)
  if (sameDay) {
    return refuse({
      code: 'INTAKE_CATALOGUE_DATE_TAKEN',
      message: `Version ${sameDay.version} of ${version.region} already starts on ${request.activeFrom}.`,
      details: { errors: [{ field: '/activeFrom', message: `version ${sameDay.version} starts that day` }] },
    })
  }
  return ok({ ...version, activeFrom: request.activeFrom })
}
