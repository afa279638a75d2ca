import { parseArgs } from 'node:util'
import { type Command, type Io, UsageError } from '../usage-error.js'

const usage =
  'usage: onewindow audit verify --service intake|approval|acceptance|utility|registration|gateway|notification|hotline [--schema S] ' +
  '[--stream PERMIT] [--subject-prefix P] [--no-anchor]   (DATABASE_URL; NATS_URL and, under least privilege, the NATS admin as NATS_USER/NATS_PASSWORD)'
const services = [
  'intake',
  'approval',
  'acceptance',
  'utility',
  'registration',
  'gateway',
  'notification',
  'hotline',
] as const

/**
 * `audit verify`: walks a service's audit chain from its first entry and names the first edited, deleted, inserted or
 * reordered one by position (exit 1); then checks the last anchor the service published on the stream, which a
 * truncated tail no longer reaches (exit 1). An edited entry is printed with its reason code, so that a damaged time
 * (`no-instant`) reads apart from tampering (`hashed-no-instant` when the hash was recomputed over it). A clean chain prints its length and head (exit 0).
 */
export const audit: Command = async (args, io) => {
  const [sub, ...rest] = args
  if (sub !== 'verify') throw new UsageError(`unknown audit command "${sub ?? ''}"; ${usage}`)
  const { values } = parseArgs({
    args: rest,
    options: {
      service: { type: 'string' },
      schema: { type: 'string' },
      stream: { type: 'string', default: 'PERMIT' },
      'subject-prefix': { type: 'string', default: '' },
      'no-anchor': { type: 'boolean', default: false },
    },
    strict: true,
  })
  const service = values.service
  if (service === undefined) throw new UsageError(`--service is required; ${usage}`)
  if (!(services as readonly string[]).includes(service))
    throw new UsageError(`--service "${service}" is not one of ${services.join(', ')}.`)
  const schema = values.schema ?? service
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new UsageError(`--schema "${schema}" is not a schema name.`)
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(values.stream))
    throw new UsageError(`--stream "${values.stream}" is not a stream name.`)
  if (!/^[A-Za-z0-9_-]{0,64}$/.test(values['subject-prefix']))
    throw new UsageError(`--subject-prefix "${values['subject-prefix']}" is not a subject token.`)
  const databaseUrl = io.env['DATABASE_URL']
  if (!databaseUrl) throw new UsageError('DATABASE_URL is not set; it names the database holding the chain.')
  const url = new URL(databaseUrl)
  url.searchParams.set('schema', schema)

  const { MalformedAnchor, readAuditChain, verifyChain, wireSubject } = await import('@onewindow/messaging')
  const entries = await readAuditChain(url.toString())
  const subject = wireSubject({ prefix: values['subject-prefix'] }, `permit.${service}.audit.anchored.v1`)
  // As the NATS admin (the same NATS_* variables as `nats setup`): under least privilege no service may read the stream.
  let anchor: Awaited<ReturnType<typeof lastAnchor>>
  try {
    anchor = values['no-anchor'] ? undefined : await lastAnchor(io.env, values.stream, subject, service)
  } catch (error) {
    if (!(error instanceof MalformedAnchor)) throw error
    io.out(`audit chain ${service}: ${error.message}`)
    return 1
  }
  const verdict = verifyChain(entries, anchor)
  if (!verdict.ok) {
    const reason = verdict.kind === 'edited' ? ` (${verdict.reason})` : ''
    io.out(`audit chain ${service}: entry ${verdict.position} ${verdict.kind}${reason} — ${verdict.detail}`)
    return 1
  }
  const anchored = values['no-anchor']
    ? 'anchors not checked'
    : anchor
      ? `holds the last anchor (position ${anchor.position})`
      : 'no anchor published yet'
  io.out(
    `audit chain ${service}: ok, ${verdict.length} entries, head ${verdict.head.position} ${verdict.head.hash}, ${anchored}`,
  )
  return 0
}

async function lastAnchor(env: Io['env'], stream: string, subject: string, service: string) {
  const { readLastAnchor } = await import('@onewindow/messaging')
  const { adminConfig, adminConnection } = await import('./nats.js')
  const { nc } = await adminConnection(adminConfig(env))
  try {
    return await readLastAnchor(nc, { stream, subject, chain: service })
  } finally {
    await nc.close()
  }
}
