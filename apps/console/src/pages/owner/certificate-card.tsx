import { useQuery } from '@tanstack/react-query'
import { Card, Space, Tag, Typography } from 'antd'
import { QRCodeSVG } from 'qrcode.react'
import { Link } from 'react-router'
import { api, keys, must } from '../../api'
import { kindName } from '../../certificates'
import { ProblemAlert } from '../../components/problem'
import { chineseDate } from '../../format'
import { useActor } from '../../session'
import { OwnPropertyObjections } from '../shared/certificate-objections'
import { CertificateScope } from './certificate-scope'

/** The verification page a QR payload opens, on this console's own address (the payload names the public one). */
export function verifyLinkOf(payload: string): string {
  const url = new URL(payload)
  return `${url.pathname}${url.search}`
}

/**
 * One certificate (证照) with its QR code: a phone scanning it opens the public verification page (`/verify?id=&d=`),
 * which asks the registry for its own copy. The link beside it opens the same page here.
 */
export function CertificateCard({ certificateId }: { certificateId: string }) {
  const { role } = useActor()
  const got = useQuery({
    queryKey: keys.certificate(certificateId),
    queryFn: () => must(api.GET('/api/v1/certificates/{id}', { params: { path: { id: certificateId } } })),
  })
  if (got.error) return <ProblemAlert error={got.error} />
  if (!got.data) return null
  const { certificate, qr, revocation } = got.data
  const body = certificate.body
  return (
    <Card size="small" title={body.title} style={{ maxWidth: 360 }} data-certificate={body.certificateId}>
      <Space align="start" wrap>
        <QRCodeSVG value={qr.payload} size={120} level="M" title={`${body.title}（${body.number}）核验二维码`} />
        <div>
          <div>证照编号：{body.number}</div>
          <div>颁发日期：{chineseDate(body.issuedOn)}</div>
          <div>证照种类：{kindName(body.kind)}</div>
          <CertificateScope kind={body.kind} part={body.part} phase={body.phase} />
          {body.issuer && <div>发证机关：{body.issuer}</div>}
          {revocation && <Tag color="red">已于{chineseDate(revocation.revokedOn)}注销</Tag>}
          <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
            <Link to={verifyLinkOf(qr.payload)}>打开核验页面</Link>
          </Typography.Paragraph>
          {/* The owner disputes its own property certificate (证照异议); a permit is the departments' to dispute. */}
          {role === 'owner' && body.kind === 'property' && (
            <OwnPropertyObjections
              certificateId={body.certificateId}
              label={`${body.title}（${body.number}）`}
              revoked={revocation !== undefined}
            />
          )}
        </div>
      </Space>
    </Card>
  )
}
