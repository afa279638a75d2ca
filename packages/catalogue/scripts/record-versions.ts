// Records each bundled catalogue's (region, version) → sha256 in data/versions.json (`pnpm -s catalogue-versions`).
// Refuses, writing nothing, when a recorded version's content changed: that wants a new version name, not a new hash.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { bundledDocuments, loadCatalogue } from '../src/bundled.js'
import { recordedVersions, recordVersions, versionRecordFile, versionRecordText } from '../src/recorded-versions.js'

const catalogues = bundledDocuments().map((d) => loadCatalogue(d.region.code))
const { record, added, refused } = recordVersions(catalogues, recordedVersions())
if (refused.length > 0) {
  for (const r of refused) console.error(r.message)
  process.exit(1)
}
const target = fileURLToPath(versionRecordFile)
if (added.length === 0) {
  console.log(`${target}: every bundled version is recorded as it is`)
} else {
  writeFileSync(target, versionRecordText(record))
  for (const a of added) console.log(`recorded ${a.region}@${a.version} sha256:${a.hash}`)
}
