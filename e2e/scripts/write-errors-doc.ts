import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { errorsDoc } from '../src/errors-doc.js'

const target = fileURLToPath(new URL('../../docs/errors.md', import.meta.url))
writeFileSync(target, errorsDoc())
console.log(`wrote ${target}`)
process.exit(0)
