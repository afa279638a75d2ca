import { mkdir, writeFile } from 'node:fs/promises'
import { API_TYPES, apiTypes } from './api-types.js'

// `pnpm generate` (and `pnpm console:api` alone): the console's typed client follows the gateway's routes.
await mkdir(new URL('.', API_TYPES), { recursive: true })
await writeFile(API_TYPES, await apiTypes())
process.stdout.write(`wrote ${API_TYPES.pathname}\n`)
