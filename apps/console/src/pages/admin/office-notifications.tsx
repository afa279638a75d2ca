import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Card, Tabs, Typography } from 'antd'
import { api, keys, must } from '../../api'
import { type PreferencesBody, PreferencesForm } from '../../components/preferences-form'
import { ProblemAlert } from '../../components/problem'
import { chineseDateTime } from '../../format'
import { Loading } from '../../layout'

type Office = 'supervision' | 'hotline-centre' | 'registration'

/** The shared offices, each one party every member reads and none leads (docs/notifications.md#preferences). */
export const OFFICES: Array<{ office: Office; label: string }> = [
  { office: 'supervision', label: '监督部门' },
  { office: 'hotline-centre', label: '12345 热线中心' },
  { office: 'registration', label: '不动产登记机构' },
]

/** One office's preferences, read and replaced by the admin naming it (`?office=`). */
function OfficePreferences({ office, label }: { office: Office; label: string }) {
  const client = useQueryClient()
  const read = useQuery({
    queryKey: keys.officePreferences(office),
    queryFn: () => must(api.GET('/api/v1/notifications/preferences', { params: { query: { office } } })),
  })
  const save = useMutation({
    mutationFn: (body: PreferencesBody) =>
      must(api.PUT('/api/v1/notifications/preferences', { params: { query: { office } }, body })),
    onSuccess: (data) => client.setQueryData(keys.officePreferences(office), data),
  })
  const stored = read.data?.preferences
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{label}的通知设置</h2>}>
      <ProblemAlert error={read.error ?? save.error} />
      {save.isSuccess && !save.isPending && (
        <Typography.Paragraph role="status" style={{ color: '#237804' }}>
          {label}的通知设置已保存。
        </Typography.Paragraph>
      )}
      {read.isPending ? (
        <Loading />
      ) : read.isError ? (
        // The settings could not be read: a form with the defaults would overwrite the office's real ones on 保存.
        <Typography.Paragraph>未能读取{label}的通知设置，请稍后刷新重试；读取成功前不能修改。</Typography.Paragraph>
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {stored?.updatedAt ? `最近设置：${chineseDateTime(stored.updatedAt)}` : '尚未设置：只发站内消息。'}
          </Typography.Paragraph>
          <PreferencesForm
            preferences={stored}
            onSave={(body) => save.mutate(body)}
            saving={save.isPending}
            error={save.error}
          />
        </>
      )}
    </Card>
  )
}

/**
 * 机构通知设置 — the shared offices' notification preferences (监督部门, 12345 热线中心, 不动产登记机构): their phone and
 * e-mail receive every SMS and e-mail of the office, so only an admin sets them; each office's members read them on
 * their own 消息通知.
 */
export default function OfficeNotifications() {
  return (
    <>
      <Typography.Title level={1}>机构通知设置</Typography.Title>
      <Typography.Paragraph>
        监督部门、12345
        热线中心和不动产登记机构的消息由本机构所有人员共同查看，其短信和电子邮件的接收号码与邮箱由系统管理员在此设置。
      </Typography.Paragraph>
      {/* One office's form at a time: each is the same form, whose fields would otherwise repeat their ids. */}
      <Tabs
        destroyOnHidden
        items={OFFICES.map((o) => ({
          key: o.office,
          label: o.label,
          children: <OfficePreferences office={o.office} label={o.label} />,
        }))}
      />
    </>
  )
}
