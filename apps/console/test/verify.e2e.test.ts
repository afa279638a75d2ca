import {
  act,
  applicationIn,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  openApplication,
  owners,
  registerProject,
  status,
  statusWhen,
} from '@onewindow/e2e/flows'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsoleWorld, expectAccessible, screenshot, startConsole } from './browser.js'

let c: ConsoleWorld
let projectId: string
let certificateId: string
// Monday 2026-03-02, 09:00 in Shanghai.
beforeAll(async () => {
  c = await startConsole({ start: '2026-03-02T01:00:00Z' })
  // A Foshan industrial project whose permits step is approved: its permits are signed and issued.
  projectId = await registerProject(c.world, industrialProject(owners.a))
  const opened = expectStatus(
    await openApplication(c.world, projectId, {
      step: 'permits',
      form: {},
      materials: industrialPermitMaterials.map((code) => ({ code, documentRef: `doc://${code}.pdf` })),
    }),
    201,
  ).application as { applicationId: string; items: unknown[] }
  const s = await statusWhen(
    c.world,
    projectId,
    (x) => x.tasks.filter((t) => t.applicationId === opened.applicationId).length === opened.items.length,
  )
  for (const t of s.tasks.filter((x) => x.applicationId === opened.applicationId)) {
    expectStatus(await act(c.world, t, { action: 'claim' }), 200)
    expectStatus(await act(c.world, t, { action: 'approve' }), 200)
  }
  await statusWhen(c.world, projectId, (x) => applicationIn(x, opened.applicationId).decision?.outcome === 'approved')
  const issued = await statusWhen(c.world, projectId, (x) => x.certificates.some((k) => k.kind === 'permit'))
  certificateId = issued.certificates.find((k) => k.kind === 'permit')?.certificateId ?? ''
})
afterAll(async () => {
  await c?.[Symbol.asyncDispose]()
})

const ownerToken = () => c.world.token('owner', { creditCode: owners.a.creditCode })
const certificateOf = async (id: string) =>
  expectStatus(await c.world.api('GET', `/api/v1/certificates/${id}`, ownerToken()), 200)

describe('public certificate verification', () => {
  it("a certificate's QR link opens the verification page, which says valid; an altered certificate says invalid", async () => {
    const { certificate, qr } = await certificateOf(certificateId)
    const payload = new URL(qr.payload)
    expect(payload.pathname).toBe('/verify')
    // Named as the document, not the matter (建设工程规划许可证核发), and issued by the department that decided it, as
    // Foshan's catalogue names it — not by the registration office.
    const { title, issuer } = certificate.body
    const issuers: Record<string, string> = {
      建设用地规划许可证: '佛山市自然资源局',
      建设工程规划许可证: '佛山市自然资源局',
      建筑工程施工许可证: '佛山市住房城乡建设局',
    }
    expect(Object.keys(issuers)).toContain(title)
    expect(issuer).toBe(issuers[title])

    // The owner's progress page shows the certificate with its QR code and the link it encodes.
    const { page, context } = await c.as('owner', { creditCode: owners.a.creditCode })
    await page.goto(`/projects/${projectId}`)
    const card = page.locator(`[data-certificate="${certificate.body.certificateId}"]`)
    await expect.poll(() => card.locator('svg').count()).toBe(1)
    // Its kind labelled, and who issued it.
    for (const text of ['证照种类：许可证', `发证机关：${issuer}`]) {
      expect(await card.getByText(text, { exact: true }).count(), text).toBe(1)
    }
    const link = card.getByRole('link', { name: '打开核验页面' })
    expect(await link.getAttribute('href')).toBe(`${payload.pathname}${payload.search}`)
    await link.click()
    await expect.poll(() => page.url()).toContain(`/verify?id=${certificate.body.certificateId}`)
    await context.close()

    // Anyone, signed in or not, opens what the QR code carries: the registry's copy, valid, and what it certifies.
    const anyone = await c.anonymous()
    await anyone.page.goto(`${payload.pathname}${payload.search}`)
    await expect.poll(() => anyone.page.getByText('有效', { exact: true }).count()).toBe(1)
    expect(await anyone.page.getByText(`证照真实，由${issuer}签发，未被注销。`, { exact: true }).count()).toBe(1)
    expect(await anyone.page.getByText('登记机构').count()).toBe(0)
    for (const text of [certificate.body.number, title, issuer ?? '', certificate.body.owner.name]) {
      expect(await anyone.page.getByText(text, { exact: true }).count(), text).toBeGreaterThan(0)
    }
    await expectAccessible(anyone.page)
    await screenshot(anyone.page, 'verify-valid')

    // A link with another digest: invalid, and nothing of the certificate shown.
    const altered = new URLSearchParams({ id: certificate.body.certificateId, d: 'A'.repeat(43) })
    await anyone.page.goto(`/verify?${altered}`)
    await expect.poll(() => anyone.page.getByText('无效', { exact: true }).count()).toBe(1)
    expect(await anyone.page.getByText(certificate.body.owner.name).count()).toBe(0)

    // The certificate's file with one field altered, pasted: invalid.
    const forged = { ...certificate, body: { ...certificate.body, owner: { ...certificate.body.owner, name: '他人' } } }
    await anyone.page.goto('/verify')
    await anyone.page.getByRole('tab', { name: '粘贴证照文件' }).click()
    await anyone.page.getByLabel('证照文件（JSON）').fill(JSON.stringify(forged))
    await anyone.page.getByRole('tabpanel').getByRole('button', { name: '核验' }).click()
    await expect.poll(() => anyone.page.getByText('无效', { exact: true }).count()).toBe(1)
    await expectAccessible(anyone.page)
    await screenshot(anyone.page, 'verify-invalid')

    // The same file unaltered: valid.
    await anyone.page.getByLabel('证照文件（JSON）').fill(JSON.stringify(certificate))
    await anyone.page.getByRole('tabpanel').getByRole('button', { name: '核验' }).click()
    await expect.poll(() => anyone.page.getByText('有效', { exact: true }).count()).toBe(1)
    await anyone.context.close()
  })

  it("says who issued a permit in the owner's status, and on the card a reviewer of its department sees", async () => {
    const { certificate } = await certificateOf(certificateId)
    const { issuer, item } = certificate.body
    if (!issuer || !item) throw new Error('a permit names its item and its issuer')
    // The owner's status lists the permit with its 发证机关, as the signed body names it.
    const mine = await status(c.world, projectId, ownerToken())
    expect(mine.certificates.find((k) => k.certificateId === certificateId)?.issuer).toBe(issuer)
    // A reviewer reads the status alone (not the certificate): its card says who issued it, from the status.
    const department = mine.tasks.find((t) => t.item === item)?.department
    if (!department) throw new Error(`no task of ${item}`)
    const { page, context } = await c.as('reviewer', { department })
    await page.goto(`/projects/${projectId}`)
    const card = page.locator(`[data-certificate="${certificateId}"]`)
    await expect.poll(() => card.getByText(`证照编号：${certificate.body.number}`, { exact: true }).count()).toBe(1)
    expect(await card.getByText(`发证机关：${issuer}`, { exact: true }).count()).toBe(1)
    await context.close()
  })

  it('takes a pasted link, and names a field that is not one', async () => {
    const { qr } = await certificateOf(certificateId)
    const { page, context } = await c.anonymous()
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto('/verify')
    await page.getByLabel('核验链接').fill('https://example.invalid/verify?id=x')
    await page.getByRole('tabpanel').getByRole('button', { name: '核验' }).click()
    await expect.poll(() => page.getByText('链接中没有证照编号（id）和核验码（d）').count()).toBe(1)
    await page.getByLabel('核验链接').fill(qr.payload)
    await page.getByRole('tabpanel').getByRole('button', { name: '核验' }).click()
    await expect.poll(() => page.getByText('有效', { exact: true }).count()).toBe(1)
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
    await context.close()
  })
})
