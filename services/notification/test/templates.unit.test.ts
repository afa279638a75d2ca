import type { NotificationMessageKind } from '@onewindow/contracts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chineseDate, render, type TemplateFacts } from '../src/domain/templates.js'

// The expected date is built from a Date's own parts, not from the function under test's regex.
const expectedChinese = (d: Date) => `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
const isoDay = (d: Date) => d.toISOString().slice(0, 10)

const facts: TemplateFacts = {
  projectName: '标准厂房',
  projectCode: '2026-440600-47-01-000001',
  departmentName: '市自然资源局',
  itemName: '建设工程规划许可证核发',
  on: '2026-03-02',
  dueOn: '2026-03-30',
  outcome: 'approved',
  certificateNumber: '建字第440600202600001号',
  certificateTitle: '建设工程规划许可证',
  materials: ['总平面图', '建筑设计方案'],
}

const kinds: NotificationMessageKind[] = [
  'task-assigned',
  'supplement-notice',
  'clock-yellow',
  'clock-red',
  'step-decided',
  'certificate-issued',
  'commitment-due',
]

describe('chineseDate', () => {
  it('writes 2026-03-02 as 2026年3月2日, no leading zeros', () => {
    expect(chineseDate('2026-03-02')).toBe('2026年3月2日')
  })
  it('agrees with the calendar for every day 2000–2099', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        (d) => {
          expect(chineseDate(isoDay(d))).toBe(expectedChinese(d))
        },
      ),
    )
  })
})

describe('templates', () => {
  it.each(kinds)('%s names the project, its code and says it in Chinese', (kind) => {
    const { title, body } = render(kind, facts)
    expect(title.length).toBeGreaterThan(0)
    expect(body).toContain(facts.projectName)
    expect(body).toContain(facts.projectCode)
    // Nothing a person reads is English: no Latin words beyond the project code and the certificate number.
    const stripped = body.replace(facts.projectCode, '').replace(facts.certificateNumber as string, '')
    expect(stripped).not.toMatch(/[A-Za-z]{2,}/)
    expect(title).not.toMatch(/[A-Za-z]/)
  })

  it.each(['task-assigned', 'clock-yellow', 'clock-red', 'commitment-due'] as const)(
    '%s names the department, the item and the due day',
    (kind) => {
      const { body } = render(kind, facts)
      expect(body).toContain(facts.departmentName)
      expect(body).toContain(facts.itemName)
      expect(body).toContain(expectedChinese(new Date(`${facts.dueOn}T00:00:00Z`)))
    },
  )

  it('a decided step says approved or rejected, with the day', () => {
    const approved = render('step-decided', facts)
    const rejected = render('step-decided', { ...facts, outcome: 'rejected' })
    expect(approved.body).toContain('准予许可')
    expect(rejected.body).toContain('不予许可')
    expect(approved.title).not.toBe(rejected.title)
    expect(approved.body).toContain(expectedChinese(new Date(`${facts.on}T00:00:00Z`)))
  })

  it('a 补正 notice lists the materials asked for', () => {
    const { body } = render('supplement-notice', facts)
    for (const m of facts.materials ?? []) expect(body).toContain(m)
  })

  it('a certificate names its title and number', () => {
    const { body } = render('certificate-issued', facts)
    expect(body).toContain(`《${facts.certificateTitle}》`)
    expect(body).toContain(facts.certificateNumber)
  })

  it('leaves out what the event did not say rather than printing undefined', () => {
    for (const kind of kinds) {
      const { body } = render(kind, { projectName: '厂房', projectCode: '2026-000001' })
      expect(body).not.toContain('undefined')
      expect(body).toContain('厂房')
    }
  })
})
