import { ensureDatabase } from '../src/index.js'

const url = process.argv[2]
if (!url) throw new Error('usage: ensure-database <DATABASE_URL>')
if (await ensureDatabase(url)) console.log(`created database ${new URL(url).pathname.slice(1)}`)
