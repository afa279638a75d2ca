import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { stringify } from 'yaml'
import pkg from '../package.json' with { type: 'json' }
import { asyncApiDocument, registry } from '../src/index.js'

const target = fileURLToPath(new URL('../asyncapi.yaml', import.meta.url))
writeFileSync(target, stringify(asyncApiDocument(registry, pkg.version), { lineWidth: 0 }))
console.log(`wrote ${target}`)
