import { createHash } from 'node:crypto'
import type { EventDefinition } from './define-event.js'

const toKey = (subject: string) => subject.replace(/^permit\./, '').replace(/[.]/g, '-')

/** An AsyncAPI 3 document of every event: one channel and one `send` operation per subject. */
export function asyncApiDocument(events: readonly EventDefinition[], version: string) {
  const channels: Record<string, unknown> = {}
  const operations: Record<string, unknown> = {}
  const messages: Record<string, unknown> = {}
  for (const e of [...events].sort((a, b) => a.subject.localeCompare(b.subject))) {
    const key = toKey(e.subject)
    messages[key] = {
      name: e.subject,
      contentType: 'application/json',
      summary: e.description,
      headers: { $ref: '#/components/schemas/envelope-headers' },
      payload: JSON.parse(JSON.stringify(e.schema)),
    }
    channels[key] = { address: e.subject, messages: { [key]: { $ref: `#/components/messages/${key}` } } }
    operations[`publish-${key}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${key}` },
      summary: `${e.subject.split('.')[1]} publishes through its outbox`,
    }
  }
  const shared = hoistShared(messages)
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'onewindow events',
      version,
      description:
        'Every fact the services publish on NATS JetStream (stream PERMIT over permit.>). The body is the event; envelope data travels in headers.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: {
      messages,
      schemas: {
        ...shared,
        'envelope-headers': {
          type: 'object',
          properties: {
            'Nats-Msg-Id': { type: 'string', description: 'event id (UUIDv7); JetStream de-duplicates on it' },
            'ce-id': { type: 'string', description: 'event id; the inbox key' },
            'ce-type': { type: 'string', description: 'the subject' },
            'ce-source': { type: 'string', description: 'the producing service' },
            'ce-time': { type: 'string', description: 'when the state change committed' },
            'ce-specversion': { type: 'string', const: '1.0' },
            'ow-aggregate': { type: 'string', description: 'the aggregate id; order is kept per aggregate' },
            traceparent: { type: 'string', description: 'W3C trace context' },
            tracestate: { type: 'string' },
          },
        },
      },
    },
  }
}

/** Subschemas this large that recur across payloads are written once, under `components.schemas`. */
const HOIST_MIN_CHARS = 1500

/**
 * Writes each large subschema that recurs across the messages' payloads (a ticket carried whole by twenty-two hotline
 * events, a task snapshot by every task event) once in `components.schemas`, named by its content's hash so that the
 * same schema keeps its name, and leaves a `$ref` where it stood. Inlined, the document grew past 3 MB.
 */
function hoistShared(messages: Record<string, unknown>): Record<string, unknown> {
  const counts = new Map<string, number>()
  const count = (node: unknown) => {
    if (node === null || typeof node !== 'object') return
    if (!Array.isArray(node)) {
      const text = JSON.stringify(node)
      if (text.length >= HOIST_MIN_CHARS) counts.set(text, (counts.get(text) ?? 0) + 1)
    }
    for (const child of Object.values(node)) count(child)
  }
  const payloads = Object.values(messages) as Array<{ payload: unknown }>
  for (const m of payloads) for (const child of Object.values(m.payload as object)) count(child)
  const names = new Map<string, string>()
  for (const [text, n] of counts)
    if (n >= 2) names.set(text, `shared-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`)
  const schemas: Record<string, unknown> = {}
  const replace = (node: unknown, top: boolean): unknown => {
    if (node === null || typeof node !== 'object') return node
    if (!top && !Array.isArray(node)) {
      const text = JSON.stringify(node)
      const name = names.get(text)
      if (name) {
        if (!(name in schemas)) {
          schemas[name] = {}
          schemas[name] = replace(node, true)
        }
        return { $ref: `#/components/schemas/${name}` }
      }
    }
    if (Array.isArray(node)) return node.map((x) => replace(x, false))
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, replace(v, false)]))
  }
  for (const m of payloads) m.payload = replace(m.payload, true)
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)))
}
