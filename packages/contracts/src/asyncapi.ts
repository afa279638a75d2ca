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
