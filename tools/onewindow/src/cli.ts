import { calendar } from './commands/calendar.js'
import { catalogue } from './commands/catalogue.js'
import { clock } from './commands/clock.js'
import { token } from './commands/token.js'
import { type Command, type Io, UsageError } from './usage-error.js'

/** Every command group; a new group (e.g. `token`) is one module in commands/ and one line here. */
export const commands: Readonly<Record<string, Command>> = { clock, calendar, catalogue, token }

const help = [
  'onewindow — operator commands',
  '  clock due --from YYYY-MM-DD --limit 20W|10N [--pause FROM:TO[:kind]]... [--region CODE]',
  '  calendar import <file.json>     add or correct a year (or a regional overlay)',
  '  calendar list',
  '  catalogue validate [file.yaml] [--json]',
  '  catalogue show <type> [--region CODE] [--json]',
  '  token --role R [--department CODE] [--credit-code CODE] [--sub S] [--ttl 8h]   (signed with JWT_SECRET)',
]

/** Runs one command line; returns the exit code (0 ok, 1 refused or failed, 2 bad usage). */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [group, ...args] = argv
  if (group === undefined || group === 'help' || group === '--help') {
    for (const line of help) io.out(line)
    return group === undefined ? 2 : 0
  }
  const command = commands[group]
  try {
    if (!command) throw new UsageError(`unknown command "${group}"; try: ${Object.keys(commands).join(', ')}.`)
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
