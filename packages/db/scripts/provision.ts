// The setup step as a command (scripts/start.sh runs it once before the services start):
//   provision <privileged DATABASE_URL> <owner URL> [--reader <reader URL>] [<owner URL> [--reader …]]…
// Each owner URL is a service's own DATABASE_URL (user = its role, `?schema=` its schema); `--reader` gives that
// schema a reader role too (the gateway's). See provisionSchema and docs/operations.md.
import { provisionSchema, type SchemaRoles } from '../src/index.js'

const [admin, ...rest] = process.argv.slice(2)
if (!admin || rest.length === 0) throw new Error('usage: provision <admin url> <owner url> [--reader <url>]…')
const schemas: SchemaRoles[] = []
for (let i = 0; i < rest.length; i++) {
  const arg = rest[i] as string
  if (arg === '--reader') {
    const last = schemas.at(-1)
    const reader = rest[++i]
    if (!last || !reader) throw new Error('--reader follows an owner URL and takes a URL')
    last.readerUrl = reader
  } else schemas.push({ ownerUrl: arg })
}
for (const s of schemas) await provisionSchema(admin, s)
