import { describe, expect, it } from 'vitest'
import { entityTag, type KeptStatus, keptAnswers, keptPage, rowsOf, utf8Of } from '../src/http/kept-answers.js'
import type { ProjectStatus } from '../src/http/schemas.js'

// The kept statuses are bounded by the rows they show as well as by their count: a status's memory grows with its
// rows, so a few projects with long timelines cannot hold more memory than the bound allows.

const statusOf = (timeline: number) =>
  ({
    flow: [],
    applications: [],
    tasks: [],
    alerts: [],
    timeline: Array.from({ length: timeline }, () => ({})),
    acceptance: [],
    utilities: [],
    registration: [],
    certificates: [],
    shared: { area: null, plot: null, assistedCase: null, intermediaries: [] },
  }) as unknown as ProjectStatus
const kept = (timeline: number): KeptStatus => ({
  version: '1',
  readableBy: { ownerCreditCode: 'c', departments: [] },
  applicationIds: new Set(),
  rows: rowsOf(statusOf(timeline)),
  bytes: { utf8: Buffer.from('{"pending":[]}'), instantAt: 1 },
})
/** Keeps `answer` under `key` (a status is kept the second time its key is built). */
const keepTwice = (answers: ReturnType<typeof keptAnswers>, key: string, answer: KeptStatus) => {
  answers.keepStatus(key, answer)
  answers.keepStatus(key, answer)
}

describe('kept statuses', () => {
  it('are bounded by the rows they show, the least recently used given up first', () => {
    const answers = keptAnswers({ statuses: 100, statusRows: 100, inboxBytes: 1_000 })
    expect(rowsOf(statusOf(59))).toBe(60)
    keepTwice(answers, 'a', kept(59))
    keepTwice(answers, 'b', kept(59))
    expect([answers.status.has('a'), answers.status.has('b')]).toEqual([false, true])
    // One status larger than the whole bound is not kept at all.
    keepTwice(answers, 'c', kept(200))
    expect(answers.status.has('c')).toBe(false)
    expect(answers.status.calculatedSize).toBeLessThanOrEqual(100)
  })

  it('are bounded by their count too', () => {
    const answers = keptAnswers({ statuses: 2, statusRows: 1_000, inboxBytes: 1_000 })
    for (const key of ['a', 'b', 'c']) keepTwice(answers, key, kept(1))
    expect([...answers.status.keys()].sort()).toEqual(['b', 'c'])
  })
})

describe('kept inbox pages', () => {
  it('are the bytes the serialiser wrote, bounded by those bytes rather than by characters', () => {
    const answers = keptAnswers({ statuses: 1, statusRows: 1, inboxBytes: 1_000 })
    const text = JSON.stringify({ tasks: [{ itemName: '建筑工程施工许可证核发'.repeat(20) }] })
    const page = keptPage('7', text)
    expect(page.body.toString('utf8')).toBe(text)
    expect(page.etag).toBe(entityTag(text))
    // About 240 characters but 660 bytes: two fit the bound by characters, one by bytes.
    expect(text.length * 2).toBeLessThan(1_000)
    expect(page.body.byteLength * 2).toBeGreaterThan(1_000)
    answers.inbox.set('a', page)
    answers.inbox.set('b', keptPage('7', text))
    expect([answers.inbox.has('a'), answers.inbox.has('b')]).toEqual([false, true])
  })
})

describe('kept bytes', () => {
  it('hold exactly their UTF-8 and no more (a backing store the size of the bytes)', () => {
    const text = `{"name":"汕尾市低风险厂房项目","note":"${'a'.repeat(20_000)}"}`
    for (const bytes of [utf8Of(text), keptPage('1', text).body]) {
      expect(bytes.toString('utf8')).toBe(text)
      expect(bytes.byteLength).toBe(Buffer.byteLength(text))
      expect(bytes.buffer.byteLength).toBe(bytes.byteLength)
    }
  })
})
