import { useQuery } from '@tanstack/react-query'
import { Button, Card, Descriptions, Form, Input, Result, Tabs, Typography } from 'antd'
import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { api, keys, must } from '../api'
import { kindName, validText } from '../certificates'
import { ProblemAlert } from '../components/problem'
import { chineseDate } from '../format'
import type { paths } from '../generated/api'
import { Loading } from '../layout'

type Verdict = paths['/api/v1/certificates/verify']['get']['responses'][200]['content']['application/json']
type Certificate = NonNullable<Verdict['certificate']>

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DIGEST = /^[A-Za-z0-9_-]{43}$/
// A pasted certificate is a few kilobytes; anything far larger is not one.
const MAX_PASTE = 20_000

/** The id and digest of a QR link (`…/verify?id=&d=`), or a problem to show next to the field. */
export function parseLink(text: string): { id: string; d: string } | string {
  let url: URL
  try {
    url = new URL(text.trim(), window.location.origin)
  } catch {
    return '不是有效的链接'
  }
  const id = url.searchParams.get('id') ?? ''
  const d = url.searchParams.get('d') ?? ''
  return ID.test(id) && DIGEST.test(d) ? { id, d } : '链接中没有证照编号（id）和核验码（d）'
}

/**
 * 证照核验 (public, no sign-in): what a certificate's QR code opens. By the QR's id and digest the registry's own copy
 * is checked and shown, to compare with the paper in hand; a link, an id with its digest, or the certificate's file
 * may be pasted too. Says 有效, 已注销, 无效, or 未知 when the registry could not be asked.
 */
export default function Verify() {
  const [params] = useSearchParams()
  const id = params.get('id') ?? ''
  const d = params.get('d') ?? ''
  const byQr = ID.test(id) && DIGEST.test(d)
  const [pasted, setPasted] = useState<{ certificate: unknown; text: string } | undefined>()

  const qr = useQuery({
    queryKey: keys.verification(`${id}/${d}`),
    queryFn: () => must(api.GET('/api/v1/certificates/verify', { params: { query: { id, d } } })),
    enabled: byQr && !pasted,
    retry: false,
  })
  const whole = useQuery({
    queryKey: keys.verification(pasted?.text ?? ''),
    queryFn: () =>
      must(
        api.POST('/api/v1/certificates/verify', {
          body: { certificate: pasted?.certificate as Certificate },
        }),
      ),
    enabled: pasted !== undefined,
    retry: false,
  })
  const shown = pasted ? whole : byQr ? qr : undefined

  return (
    <div style={{ maxWidth: 720, marginInline: 'auto' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        证照核验
      </Typography.Title>
      {shown?.isPending && <Loading />}
      {shown?.error ? (
        <Unknown error={shown.error} />
      ) : shown?.data ? (
        <VerdictView verdict={shown.data} pastedCertificate={pasted?.certificate as Certificate | undefined} />
      ) : null}
      {(id || d) && !byQr && !pasted && (
        <Result status="warning" title="未知" subTitle="链接中的证照编号或核验码不完整，请重新扫码或粘贴。" />
      )}
      <Ask onPaste={(certificate, text) => setPasted({ certificate, text })} onLink={() => setPasted(undefined)} />
    </div>
  )
}

function Unknown({ error }: { error: unknown }) {
  return (
    <>
      <Result status="warning" title="未知" subTitle="暂时无法完成核验，请稍后重试。" />
      <ProblemAlert error={error} />
    </>
  )
}

function VerdictView({ verdict, pastedCertificate }: { verdict: Verdict; pastedCertificate?: Certificate }) {
  const certificate = verdict.certificate ?? (verdict.genuine ? pastedCertificate : undefined)
  const result =
    verdict.status === 'valid' ? (
      <Result status="success" title="有效" subTitle={validText(certificate?.body.issuer)} />
    ) : verdict.status === 'revoked' ? (
      <Result
        status="warning"
        title="已注销"
        subTitle={
          verdict.revocation
            ? `证照真实，但已于${chineseDate(verdict.revocation.revokedOn)}注销：${verdict.revocation.reason}`
            : '证照真实，但已注销。'
        }
      />
    ) : (
      <Result
        status="error"
        title="无效"
        subTitle="未找到与之相符的证照：证照编号、核验码或证照内容不符，可能已被篡改。"
      />
    )
  return (
    <>
      {result}
      {certificate && <Certified certificate={certificate} />}
    </>
  )
}

/** What was certified, as the registry holds it: to compare with the paper in hand. */
function Certified({ certificate }: { certificate: Certificate }) {
  const b = certificate.body
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>证照内容</h2>} size="small" style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="证照名称">{b.title}</Descriptions.Item>
        <Descriptions.Item label="证照编号">{b.number}</Descriptions.Item>
        <Descriptions.Item label="种类">{kindName(b.kind)}</Descriptions.Item>
        {b.issuer && <Descriptions.Item label="发证机关">{b.issuer}</Descriptions.Item>}
        <Descriptions.Item label="持证单位">{b.owner.name}</Descriptions.Item>
        <Descriptions.Item label="统一社会信用代码">{b.owner.creditCode}</Descriptions.Item>
        {b.part && <Descriptions.Item label="登记范围">{b.part}</Descriptions.Item>}
        {b.parcel && <Descriptions.Item label="坐落">{b.parcel}</Descriptions.Item>}
        {b.unitCode && <Descriptions.Item label="不动产单元代码">{b.unitCode}</Descriptions.Item>}
        {b.floorAreaM2 !== undefined && <Descriptions.Item label="建筑面积">{b.floorAreaM2} 平方米</Descriptions.Item>}
        <Descriptions.Item label="颁发日期">{chineseDate(b.issuedOn)}</Descriptions.Item>
      </Descriptions>
    </Card>
  )
}

/** Paste a link, an id with its digest, or the certificate's file (JSON). */
function Ask({ onPaste, onLink }: { onPaste: (certificate: unknown, text: string) => void; onLink: () => void }) {
  const navigate = useNavigate()
  const [problem, setProblem] = useState<{ field: string; message: string }>()
  const go = async (id: string, d: string) => {
    setProblem(undefined)
    onLink()
    await navigate(`/verify?${new URLSearchParams({ id, d })}`)
  }
  const message = (field: string) => (problem?.field === field ? problem.message : undefined)
  const status = (field: string) => (problem?.field === field ? ('error' as const) : undefined)
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>核验其他证照</h2>} size="small">
      <Tabs
        items={[
          {
            key: 'link',
            label: '粘贴链接',
            children: (
              <Form
                layout="vertical"
                onFinish={async ({ link }: { link: string }) => {
                  const parsed = parseLink(link ?? '')
                  if (typeof parsed === 'string') setProblem({ field: 'link', message: parsed })
                  else await go(parsed.id, parsed.d)
                }}
              >
                <Form.Item name="link" label="核验链接" help={message('link')} validateStatus={status('link')}>
                  <Input maxLength={500} placeholder="扫码得到的链接，如 https://…/verify?id=…&d=…" />
                </Form.Item>
                <Button type="primary" htmlType="submit">
                  核验
                </Button>
              </Form>
            ),
          },
          {
            key: 'id',
            label: '编号与核验码',
            children: (
              <Form
                layout="vertical"
                onFinish={async ({ id, d }: { id: string; d: string }) => {
                  if (!ID.test((id ?? '').trim())) setProblem({ field: 'id', message: '证照编号应为 36 位 UUID' })
                  else if (!DIGEST.test((d ?? '').trim())) setProblem({ field: 'd', message: '核验码应为 43 位字符' })
                  else await go(id.trim(), d.trim())
                }}
              >
                <Form.Item name="id" label="证照编号（ID）" help={message('id')} validateStatus={status('id')}>
                  <Input maxLength={36} />
                </Form.Item>
                <Form.Item name="d" label="核验码" help={message('d')} validateStatus={status('d')}>
                  <Input maxLength={43} />
                </Form.Item>
                <Button type="primary" htmlType="submit">
                  核验
                </Button>
              </Form>
            ),
          },
          {
            key: 'file',
            label: '粘贴证照文件',
            children: (
              <Form
                layout="vertical"
                onFinish={({ file }: { file: string }) => {
                  setProblem(undefined)
                  try {
                    const parsed = JSON.parse(file ?? '') as { certificate?: unknown }
                    // The whole answer of GET /certificates/:id, or the certificate alone.
                    onPaste(parsed.certificate ?? parsed, file)
                  } catch {
                    setProblem({ field: 'file', message: '不是有效的证照文件（JSON）' })
                  }
                }}
              >
                <Form.Item name="file" label="证照文件（JSON）" help={message('file')} validateStatus={status('file')}>
                  <Input.TextArea rows={4} maxLength={MAX_PASTE} />
                </Form.Item>
                <Button type="primary" htmlType="submit">
                  核验
                </Button>
              </Form>
            ),
          },
        ]}
      />
    </Card>
  )
}
