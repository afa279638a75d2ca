import { type Command, type Io, UsageError } from './usage-error.js'

/**
 * Every command group; a new group (e.g. `token`) is one module in commands/ and one line here. Each is loaded only
 * when asked for: `token` then starts without the catalogue, the calendars and their YAML.
 */
export const commands: Readonly<Record<string, () => Promise<Command>>> = {
  audit: async () => (await import('./commands/audit.js')).audit,
  clock: async () => (await import('./commands/clock.js')).clock,
  calendar: async () => (await import('./commands/calendar.js')).calendar,
  catalogue: async () => (await import('./commands/catalogue.js')).catalogue,
  token: async () => (await import('./commands/token.js')).token,
  nats: async () => (await import('./commands/nats.js')).nats,
  'dead-letters': async () => (await import('./commands/dead-letters.js')).deadLetters,
  outbox: async () => (await import('./commands/outbox.js')).outbox,
  'assertion-keys': async () => (await import('./commands/assertion-keys.js')).assertionKeys,
  export: async () => (await import('./commands/export.js')).exportCommand,
}

const help = [
  'onewindow — operator commands',
  '  clock due --from YYYY-MM-DD --limit 20W|10N [--pause FROM:TO[:kind]]... [--region CODE]',
  '  calendar import <file.json>     add or correct a year (or a regional overlay)',
  '  calendar list',
  '  calendar publish <file.json> [--gateway URL] [--token T]   publish it to every service (admin token)',
  '  catalogue validate [file.yaml] [--json]',
  '  catalogue show <type> [--region CODE] [--json]',
  '  catalogue upload <file.yaml> --token JWT [--gateway URL] [--json]',
  '  token --role R [--department CODE] [--region CODE] [--credit-code CODE] [--sub S] [--ttl 8h]   (signed with JWT_SECRET)',
  '  audit verify --service S [--schema S] [--stream PERMIT] [--subject-prefix P] [--no-anchor]   first tampered entry, exit 1',
  '  token --stdin                   one token per line of options read from stdin (many in one start)',
  '  nats setup                      create or update the stream PERMIT as the NATS admin (NATS_USER, NATS_PASSWORD)',
  "  dead-letters replay <id>        replay a service's dead letter as the NATS admin (DATABASE_URL: the service's)",
  "  outbox reconcile [--minutes 10] [--stream PERMIT]   re-send a service's sent rows the stream lost (DATABASE_URL: the service's)",
  '  assertion-keys new --kid KID    a new Ed25519 private JWK for the gateway (service-to-service assertions)',
  '  assertion-keys jwks <file>...   the JWKS services trust: public halves of keys and JWKS files, merged',
  '  export spgl [--since SEQ | --batch ID] [--format csv|json] [--out DIR] [--gateway URL] [--token T]   national data-sharing export',
]

/** Runs one command line; returns the exit code (0 ok, 1 refused or failed, 2 bad usage). */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [group, ...args] = argv
  if (group === undefined || group === 'help' || group === '--help') {
    for (const line of help) io.out(line)
    return group === undefined ? 2 : 0
  }
  const load = commands[group]
  try {
    if (!load) throw new UsageError(`unknown command "${group}"; try: ${Object.keys(commands).join(', ')}.`)
    const command = await load()
    return await command(args, io)
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(e.message)
      return 2
    }
    // node:util parseArgs explains unknown or malformed options in one sentence of its own.
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(e.message)
      return 2
    }
    io.err(e instanceof Error ? e.message : String(e))
    return 1
  }
}
