import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { SignJWT } from 'jose'
import { type Command, type Io, UsageError } from '../usage-error.js'

const usage =
  'usage: onewindow token --role clerk|reviewer|owner|supervisor|admin|lead|utility|registrar|agent|review_body|surveyor|helper|intermediary ' +
  '[--department CODE] [--region 6-DIGIT CODE] ' +
  '[--credit-code CODE] [--provider water|power|gas|drainage|telecom] [--sub S] [--ttl 8h] [--secret S]; or --stdin'
const roles = [
  'clerk',
  'reviewer',
  'owner',
  'supervisor',
  'admin',
  'lead',
  'utility',
  'registrar',
  'agent',
  // 联合审图 review body and 多测合一 surveying unit (docs/shared-results.md).
  'review_body',
  'surveyor',
  // 帮办代办 helper (by --sub) and 中介服务 intermediary (docs/assisted-service.md).
  'helper',
  'intermediary',
] as const
const providers = ['water', 'power', 'gas', 'drainage', 'telecom'] as const

/**
 * `token`: prints one HS256 bearer token for the gateway, signed with JWT_SECRET (or --secret). For development
 * and operations; a reviewer or lead needs its department, a utility its provider and an owner its 统一社会信用代码, as the gateway requires.
 */
export const token: Command = async (args, io) => {
  if (args.length === 1 && args[0] === '--stdin') {
    // Many tokens for one process start: each line of stdin is one token's options, each token one line out.
    const lines = (io.stdin ? await io.stdin() : '').split('\n').filter((l) => l.trim() !== '')
    if (lines.length === 0) throw new UsageError("--stdin: no lines on stdin; give one token's options per line.")
    const tokens: string[] = []
    for (const [i, line] of lines.entries()) {
      try {
        tokens.push(await mint(line.trim().split(/\s+/), io))
      } catch (e) {
        if (e instanceof Error) e.message = `line ${i + 1}: ${e.message}`
        throw e
      }
    }
    for (const t of tokens) io.out(t)
    return 0
  }
  io.out(await mint(args, io))
  return 0
}

async function mint(args: string[], io: Io): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      department: { type: 'string' },
      region: { type: 'string' },
      'credit-code': { type: 'string' },
      provider: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      secret: { type: 'string' },
    },
    strict: true,
  })
  const role = values.role
  if (role === undefined) throw new UsageError(`--role is required; ${usage}`)
  if (!(roles as readonly string[]).includes(role)) {
    throw new UsageError(`--role "${role}" is not one of ${roles.join(', ')}.`)
  }
  const department = values.department
  const creditCode = values['credit-code']
  const provider = values.provider
  if ((role === 'reviewer' || role === 'lead') && !department) {
    throw new UsageError(`a ${role} token needs --department <code>: a ${role} sees only its department.`)
  }
  // A reviewer's or lead's region (行政区划代码), as the gateway takes it: docs/security.md "Regional authority".
  const region = values.region
  if (region !== undefined && !/^\d{6}$/.test(region)) {
    throw new UsageError(`--region "${region}" is not a six-digit administrative code such as 440600.`)
  }
  if (region !== undefined && role !== 'reviewer' && role !== 'lead') {
    throw new UsageError(`a ${role} token may not carry --region: only a reviewer's or lead's authority is regional.`)
  }
  if (role === 'utility' && !provider) {
    throw new UsageError(
      'a utility token needs --provider <water|power|gas|drainage|telecom>: it sees only its own requests.',
    )
  }
  if (provider !== undefined && !(providers as readonly string[]).includes(provider)) {
    throw new UsageError(`--provider "${provider}" is not one of ${providers.join(', ')}.`)
  }
  if (role === 'owner' && !creditCode) {
    throw new UsageError('an owner token needs --credit-code <统一社会信用代码>: an owner sees only its projects.')
  }
  if ((role === 'review_body' || role === 'surveyor' || role === 'intermediary') && !creditCode) {
    throw new UsageError(`a ${role} token needs --credit-code <统一社会信用代码>: it sees only what it is named on.`)
  }
  if (!/^-?\d{1,9}[smhd]$/.test(values.ttl)) {
    throw new UsageError(`--ttl "${values.ttl}" is not a lifetime such as 90s, 30m, 8h or 7d.`)
  }
  const secret = values.secret || io.env['JWT_SECRET'] || startedSecret(io)
  if (!secret) throw new UsageError('no signing secret: set JWT_SECRET, pass --secret, or run `pnpm start` once.')
  const sub = values.sub ?? `${role}-${department ?? creditCode ?? provider ?? 'cli'}`
  const jwt = await new SignJWT({
    role,
    ...(department ? { department } : {}),
    ...(region ? { region } : {}),
    ...(creditCode ? { creditCode } : {}),
    ...(provider ? { provider } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(values.ttl)
    .sign(new TextEncoder().encode(secret))
  return jwt
}

/** The key `pnpm start` made for the gateway it runs (`$ONEWINDOW_DATA_DIR/jwt-secret`), when there is one. */
function startedSecret(io: Io): string | undefined {
  const file = join(resolve(io.cwd, io.env['ONEWINDOW_DATA_DIR'] ?? '.data'), 'jwt-secret')
  if (!existsSync(file)) return undefined
  return readFileSync(file, 'utf8').trim() || undefined
}
