import { TaskAssignedV1 } from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { render } from '../src/index.js'
import {
  aProject,
  aTask,
  messagesOfEvent,
  notificationWorld,
  OWNER,
  publishEvent,
  registerProject,
  type World,
} from './helpers.js'

const FROM = 'noreply@onewindow.example.cn'
const TO = 'owner@example.cn'

type Received = { from: string; to: string[]; raw: string }

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`), dropping the folding whitespace between adjacent ones. */
function decodeWords(header: string): string {
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : quotedPrintable(text.replace(/_/g, ' ')),
    )
}

function quotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9a-f]{2})/gi, (_, h: string) => `%${h}`)
  return decodeURIComponent(bytes.replace(/%(?![0-9a-f]{2})/gi, '%25'))
}

/** The subject and plain-text body of a single-part message, decoded by its own Content-Transfer-Encoding. */
function parse(raw: string): { subject: string; text: string; headers: Map<string, string> } {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  const headers = new Map<string, string>()
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':')
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim())
  }
  const body = raw.slice(split + 4).replace(/\r\n$/, '')
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
  const text =
    cte === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? quotedPrintable(body)
        : body
  return { subject: decodeWords(headers.get('subject') ?? ''), text, headers }
}

/** A real SMTP server: refuses the recipient with 550 while `failing` says so, keeps every message it accepted. */
function smtpServer() {
  const received: Received[] = []
  let refusalsLeft = 0
  let refused = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refusalsLeft > 0) {
        refusalsLeft -= 1
        refused += 1
        const err = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 })
        return callback(err)
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  return {
    received,
    refused: () => refused,
    refuseNext: (n: number) => {
      refusalsLeft = n
    },
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const address = server.server.address()
      if (!address || typeof address === 'string') throw new Error('no port')
      return `smtp://127.0.0.1:${address.port}`
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

describe('e-mail through a real SMTP server', () => {
  const smtp = smtpServer()
  let w: World
  const RETRY = { maxAttempts: 3, baseMs: 1_000 }

  beforeAll(async () => {
    const smtpUrl = await smtp.start()
    w = await notificationWorld('2026-03-02T02:00:00.000Z', {
      channels: { email: { smtpUrl, from: FROM } },
      retry: RETRY,
    })
    const put = await w.app.inject({
      method: 'PUT',
      url: '/preferences',
      headers: await asCaller('notification', { sub: 'owner-1', role: 'owner', creditCode: OWNER.creditCode }, w.clock),
      payload: { channels: ['email'], email: TO },
    })
    expect(put.statusCode).toBe(200)
  })
  afterAll(async () => {
    await w?.[Symbol.asyncDispose]()
    await smtp.close()
  })

  const ownerEmail = async (eventId: string) =>
    (await messagesOfEvent(w, eventId)).find((r) => r.party_kind === 'owner' && r.channel === 'email')

  it('sends one message to the address, from SMTP_FROM, with the Chinese template as subject and text', async () => {
    const project = aProject()
    await registerProject(w, project)
    const task = aTask(project)
    const before = smtp.received.length
    const { eventId } = await publishEvent(w, TaskAssignedV1, { task })
    await expect.poll(async () => (await ownerEmail(eventId)) !== undefined).toBe(true)
    await w.app.deliverer.runOnce()
    expect(await ownerEmail(eventId)).toMatchObject({ sent: true, attempts: 1 })
    const got = smtp.received.slice(before)
    expect(got).toHaveLength(1)
    expect(got[0]?.from).toBe(FROM)
    expect(got[0]?.to).toEqual([TO])
    // The task's update at 10:00 in Shanghai on 2026-03-02 is the day it was assigned.
    const expected = render('task-assigned', {
      projectName: project.name,
      projectCode: project.projectCode,
      departmentName: task.departmentName as string,
      itemName: task.itemName as string,
      on: '2026-03-02',
      dueOn: task.dueOn as string,
    })
    const mail = parse(got[0]?.raw ?? '')
    expect(mail.subject).toBe(expected.title)
    expect(mail.text.trim()).toBe(expected.body)
    expect(mail.headers.get('from')).toContain(FROM)
  })

  it('a recipient refused with 550 twice is retried, then sent once', async () => {
    const project = aProject()
    await registerProject(w, project)
    const before = smtp.received.length
    const refusedBefore = smtp.refused()
    smtp.refuseNext(2)
    const { eventId } = await publishEvent(w, TaskAssignedV1, { task: aTask(project) })
    await expect.poll(async () => (await ownerEmail(eventId)) !== undefined).toBe(true)
    await w.app.deliverer.runOnce()
    expect(await ownerEmail(eventId)).toMatchObject({ attempts: 1, sent: false, dead: false })
    w.clock.advance(RETRY.baseMs)
    await w.app.deliverer.runOnce()
    expect(await ownerEmail(eventId)).toMatchObject({ attempts: 2, sent: false })
    w.clock.advance(RETRY.baseMs * 2)
    await w.app.deliverer.runOnce()
    expect(await ownerEmail(eventId)).toMatchObject({ attempts: 3, sent: true, dead: false })
    expect(smtp.refused() - refusedBefore).toBe(2)
    expect(smtp.received.length - before).toBe(1)
    expect(parse(smtp.received.at(-1)?.raw ?? '').text).toContain(project.projectCode)
  })

  it('an address always refused is dead-lettered after its tries, its text kept', async () => {
    const project = aProject()
    await registerProject(w, project)
    const before = smtp.received.length
    const refusedBefore = smtp.refused()
    smtp.refuseNext(1_000)
    const { eventId } = await publishEvent(w, TaskAssignedV1, { task: aTask(project) })
    await expect.poll(async () => (await ownerEmail(eventId)) !== undefined).toBe(true)
    for (let i = 0; i < RETRY.maxAttempts + 2; i++) {
      await w.app.deliverer.runOnce()
      w.clock.advance(RETRY.baseMs * 2 ** i)
    }
    smtp.refuseNext(0)
    expect(smtp.refused() - refusedBefore).toBe(RETRY.maxAttempts)
    expect(smtp.received.length - before).toBe(0)
    const email = await ownerEmail(eventId)
    expect(email).toMatchObject({ attempts: RETRY.maxAttempts, sent: false, dead: true })
    expect(email?.body).toContain(project.projectCode)
    const { rows } = await w.db.pool.query(
      `SELECT consumer, subject, deliveries, error, payload FROM dead_letter WHERE event_id = $1`,
      [eventId],
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ consumer: 'notification-delivery', subject: 'notification.email', deliveries: 3 })
    expect(rows[0].error).toContain('550')
    expect(JSON.parse(rows[0].payload).body).toBe(email?.body)
  })
})
