import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Descriptions, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { ApiProblem, api, keys, must } from '../../api'
import { putRow } from '../../cached-rows'
import { byDueDay, ClockCell } from '../../components/clock-cell'
import { ProblemAlert } from '../../components/problem'
import { type ProjectTitle, ProjectTitleCell } from '../../components/project-title'
import { StatusTag } from '../../components/status-tag'
import { unbroken, unbrokenHeadings } from '../../components/unbroken'
import { chineseDate, chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'
import { CertificateCard } from '../owner/certificate-card'
import { CasePermits } from '../shared/case-permits'
import { PreSurveyBy } from '../shared-results/pre-survey'
import { AcceptanceResults } from './acceptance-results'
import { CASE_STATUS } from './names'

type CaseList = paths['/api/v1/registrations']['get']['responses'][200]['content']['application/json']
type RegistrationCase = CaseList['registrations'][number]
type Status = RegistrationCase['status']
type Action = NonNullable<
  paths['/api/v1/registrations/{id}/actions']['post']['requestBody']
>['content']['application/json']

/** What the registrar does next on a case: the body sent and the button's words. */
function nextAction(c: RegistrationCase): { label: string; body: Action } | undefined {
  if (c.status === 'pre-survey') return { label: '权籍调查通过', body: { action: 'pass-pre-survey' } }
  // A case whose joint acceptance was revoked (撤销) completes nothing: registration refuses it, so no button offers it.
  if (c.status === 'open' && !c.acceptanceResults?.passRevoked) {
    return { label: '办结登记并发证', body: { action: 'complete' } }
  }
  return undefined
}

/**
 * 不动产登记 — the registration office's first-registration cases (不动产首次登记). A case opens by itself: its
 * pre-survey (权籍调查) when joint acceptance starts, the registration when acceptance passes (验登合一); the registrar
 * passes the pre-survey and completes the registration, which issues the signed property certificate.
 */
export default function Cases() {
  const [status, setStatus] = useState<Status | 'all'>('all')
  // The case whose completion is being confirmed, and the certificate being looked at.
  const [confirming, setConfirming] = useState<RegistrationCase | undefined>()
  const [shownCertificate, setShownCertificate] = useState<string | undefined>()
  // The case whose project's permits are shown, to use and to dispute (证照异议).
  const [shownPermits, setShownPermits] = useState<RegistrationCase | undefined>()
  const client = useQueryClient()
  const { data, error, isPending } = useQuery({
    queryKey: keys.registrations(),
    queryFn: () => must(api.GET('/api/v1/registrations', {})),
    refetchOnWindowFocus: true,
  })
  const act = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Action }) =>
      must(api.POST('/api/v1/registrations/{id}/actions', { params: { path: { id } }, body })),
    onSuccess: (answer) => {
      // A command answers the case without its evaluated clock: the listed one is kept until the list is read again.
      const listed = client
        .getQueryData<CaseList>(keys.registrations())
        ?.registrations.find((x) => x.caseId === answer.case.caseId)
      putRow<CaseList, RegistrationCase>(
        client,
        keys.registrations(),
        'registrations',
        { ...answer.case, ...(listed?.clockState ? { clockState: listed.clockState } : {}) },
        (a, b) => a.caseId === b.caseId,
      )
    },
  })
  const cases = (data?.registrations ?? []).filter((c) => status === 'all' || c.status === status)
  const titles = data?.projects ?? []
  return (
    <>
      <Typography.Title level={1}>不动产登记</Typography.Title>
      <ProblemAlert error={error} />
      <ProblemAlert error={act.error} />
      <Space style={{ marginBottom: 16 }}>
        <label htmlFor="registration-status">办理状态</label>
        <Select
          id="registration-status"
          style={{ width: 240 }}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'all', label: '全部' },
            ...Object.entries(CASE_STATUS).map(([value, s]) => ({ value, label: s.name })),
          ]}
        />
      </Space>
      <Table<RegistrationCase>
        rowKey="caseId"
        loading={isPending}
        dataSource={cases}
        pagination={false}
        locale={{ emptyText: '暂无登记案件' }}
        columns={unbrokenHeadings<RegistrationCase>([
          {
            title: '案件编号',
            key: 'caseNumber',
            // A case created before cases were numbered is still known by its id's tail, as this column showed it.
            // Unbroken, so the number is read out in one piece.
            render: (_, c) => (
              <Typography.Text code style={unbroken}>
                {c.caseNumber ?? c.caseId.slice(-12)}
              </Typography.Text>
            ),
          },
          {
            title: '项目',
            key: 'projectId',
            // 竣工一幢、验收一幢、登记一幢: two buildings of one project are two cases, told apart by the building each
            // registers, named under the project; a case of the whole project names none (the cell is the project).
            // In the cell, not a column of its own: one more column would push the table past the page's width.
            render: (_, c) => (
              <>
                <ProjectTitleCell projectId={c.projectId} titles={titles} />
                {c.part && <div data-registration-part>登记范围：{c.part}</div>}
                {/* The permits the registration relies on instead of paper, each open to 提出异议 (004:1132, 1134). */}
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setShownPermits(c)}>
                  电子证照与异议
                </Button>
              </>
            ),
          },
          {
            title: '状态',
            key: 'status',
            render: (_, c) => <StatusTag tone={CASE_STATUS[c.status].tone}>{CASE_STATUS[c.status].name}</StatusTag>,
          },
          {
            title: '权籍调查',
            key: 'preSurvey',
            render: (_, c) =>
              c.preSurveyBy ? (
                <PreSurveyBy by={c.preSurveyBy} />
              ) : c.status === 'pre-survey' ? (
                '待登记机构调查'
              ) : (
                '登记机构调查'
              ),
          },
          {
            title: '联合验收意见书',
            key: 'acceptanceOpinion',
            // What the first registration rests on (004:1816, 004:2169): the letter's number and the day joint acceptance
            // passed. Before the pass, and on cases that took the pass in before it was kept, there is none to show.
            // Under it the results registration obtained online (004:2279): the filing form and the 结果物.
            render: (_, c) => (
              <>
                <AcceptanceOpinion c={c} />
                <AcceptanceResults results={c.acceptanceResults} />
              </>
            ),
          },
          {
            title: '开始日期',
            key: 'openedAt',
            render: (_, c) => <span style={unbroken}>{chineseDate(c.openedAt)}</span>,
          },
          {
            // The clock starts when the registration opens (验登合一): before, a dash. Soonest due first, the
            // completed cases after the running ones.
            title: '登记时限',
            key: 'clock',
            defaultSortOrder: 'ascend',
            sortDirections: ['ascend', 'descend', 'ascend'],
            sorter: byDueDay<RegistrationCase>(
              (c) => c.clockState?.due,
              (c) => c.status === 'completed',
            ),
            render: (_, c) =>
              c.clock ? (
                <ClockCell
                  clock={c.clock}
                  state={c.clockState}
                  alerts={c.clockAlerts}
                  finished={c.status === 'completed'}
                />
              ) : (
                '—'
              ),
          },
          {
            title: '不动产权证书',
            key: 'certificate',
            // The certificate by its 证照编号, the number printed on it; a case completed before the number was kept
            // on it shows it in the certificate itself.
            render: (_, c) => {
              const certificateId = c.certificateId
              if (!certificateId) return '—'
              return (
                <>
                  已发证（<span style={unbroken}>{chineseDateTime(c.completedAt)}</span>）
                  {c.certificateNumber && (
                    <div>
                      证照编号 <span style={unbroken}>{c.certificateNumber}</span>
                    </div>
                  )}
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0 }}
                    onClick={() => setShownCertificate(certificateId)}
                  >
                    查看证书
                  </Button>
                </>
              )
            },
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, c) => {
              const next = nextAction(c)
              if (!next) return c.status === 'pre-survey-passed' ? '待联合验收通过' : '—'
              return (
                <>
                  <DisputedNote error={act.variables?.id === c.caseId ? act.error : undefined} />
                  <Button
                    type="primary"
                    size="small"
                    loading={act.isPending && act.variables?.id === c.caseId}
                    // Completing issues a signed certificate that cannot be taken back but by 注销: said first, then sent.
                    onClick={() =>
                      next.body.action === 'complete' ? setConfirming(c) : act.mutate({ id: c.caseId, body: next.body })
                    }
                  >
                    {next.label}
                  </Button>
                </>
              )
            },
          },
        ])}
      />
      {confirming && (
        <ConfirmCompletion
          c={confirming}
          title={titles.find((t) => t.projectId === confirming.projectId)}
          onCancel={() => setConfirming(undefined)}
          onConfirm={(parcel, floorAreaM2) => {
            act.mutate({
              id: confirming.caseId,
              body: {
                action: 'complete',
                ...(parcel ? { parcel } : {}),
                ...(floorAreaM2 === undefined ? {} : { floorAreaM2 }),
              },
            })
            setConfirming(undefined)
          }}
        />
      )}
      <Modal
        title={`本项目电子证照：${titles.find((t) => t.projectId === shownPermits?.projectId)?.name ?? ''}`}
        open={shownPermits !== undefined}
        onCancel={() => setShownPermits(undefined)}
        footer={null}
        width={900}
        destroyOnHidden
      >
        {shownPermits && <CasePermits projectId={shownPermits.projectId} />}
      </Modal>
      <Modal
        title="不动产权证书"
        open={shownCertificate !== undefined}
        onCancel={() => setShownCertificate(undefined)}
        footer={null}
        destroyOnHidden
      >
        {shownCertificate && <CertificateCard certificateId={shownCertificate} />}
      </Modal>
    </>
  )
}

/**
 * Why the case did not complete when a permit it relies on is disputed (证照异议 not yet answered, 004:1134): said on
 * its row, by the permits' numbers, beside the button — pressed again once the issuer answers.
 */
function DisputedNote({ error }: { error: unknown }) {
  if (!(error instanceof ApiProblem) || error.code !== 'REGISTRATION_CERTIFICATE_DISPUTED') return null
  const numbers = Array.isArray(error.body['certificateNumbers'])
    ? error.body['certificateNumbers'].filter((n): n is string => typeof n === 'string')
    : []
  return (
    <div data-registration-disputed style={{ marginBottom: 4 }}>
      <StatusTag tone="red">证照异议核查中</StatusTag>
      <div>所依据的证照{numbers.length > 0 ? ` ${numbers.join('、')} ` : ''}有异议尚未答复，签发部门答复后方可办结</div>
    </div>
  )
}

/** 联合验收意见书 a case rests on: its number and the day joint acceptance passed, each labelled; a dash before the pass. */
function AcceptanceOpinion({ c }: { c: RegistrationCase }) {
  const o = c.acceptanceOpinion
  if (!o) return '—'
  return (
    <>
      <div>
        验收意见书编号 <span style={unbroken}>{o.number ?? '—'}</span>
      </div>
      <div>
        验收通过日期 <span style={unbroken}>{chineseDate(o.passedOn)}</span>
      </div>
    </>
  )
}

/**
 * 办结登记并发证, confirmed: what will be issued — the first registration of this project (or of the building the
 * case registers), its 不动产权证书, and the 坐落 it will name, the project's location unless the registrar records
 * the parcel otherwise — before it is sent.
 */
function ConfirmCompletion({
  c,
  title,
  onCancel,
  onConfirm,
}: {
  c: RegistrationCase
  title: ProjectTitle | undefined
  onCancel: () => void
  /**
   * The parcel the registrar recorded, when it differs from the project's location (else none is sent), and the floor
   * area it recorded (else none is sent: the whole project's surveyed or declared area; a building's case then has
   * its own building's surveyed area, else none on its certificate, never the project's).
   */
  onConfirm: (parcel: string | undefined, floorAreaM2: number | undefined) => void
}) {
  const location = title?.location ?? ''
  const [parcel, setParcel] = useState(location)
  const [area, setArea] = useState<number | null>(null)
  const recorded = parcel.trim()
  const building = Boolean(c.part)
  // Registration puts a building's own 房产测量 on its certificate (domain/issue.ts `certificateFacts`): said here.
  const ownSurvey = building && c.preSurveyBy?.part === c.part ? c.preSurveyBy?.floorAreaM2 : undefined
  return (
    <Modal
      open
      title="确认办结登记并发证"
      okText="确认发证"
      cancelText="取消"
      onCancel={onCancel}
      onOk={() => onConfirm(recorded && recorded !== location ? recorded : undefined, area ?? undefined)}
    >
      <Typography.Paragraph>
        确认后即办结不动产首次登记，并签发带电子签名和核验二维码的不动产权证书；证书签发后只能注销，不能撤回。
      </Typography.Paragraph>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'kind', label: '登记类型', children: '不动产首次登记' },
          { key: 'issued', label: '签发证照', children: '不动产权证书' },
          {
            key: 'project',
            label: '项目',
            children: title ? (
              <>
                {title.name}（<span style={unbroken}>{title.projectCode}</span>）
              </>
            ) : (
              '—'
            ),
          },
          // The certificate names the building it registers, so it is said before it is issued; worded as the lead's
          // 验收范围, a case without a part registering the whole project.
          { key: 'part', label: '登记范围', children: c.part ?? '整个项目' },
          ...(c.caseNumber
            ? [{ key: 'case', label: '案件编号', children: <span style={unbroken}>{c.caseNumber}</span> }]
            : []),
          ...(c.acceptanceOpinion
            ? [
                {
                  key: 'opinion',
                  label: '验收意见书编号',
                  children: <span style={unbroken}>{c.acceptanceOpinion.number ?? '—'}</span>,
                },
                {
                  key: 'passedOn',
                  label: '验收通过日期',
                  children: <span style={unbroken}>{chineseDate(c.acceptanceOpinion.passedOn)}</span>,
                },
              ]
            : []),
        ]}
        style={{ marginBottom: 16 }}
      />
      <label htmlFor="registration-parcel">坐落</label>
      <Input id="registration-parcel" value={parcel} maxLength={500} onChange={(e) => setParcel(e.target.value)} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {recorded
          ? '默认为项目地点，可按登记结果修改。'
          : location
            ? '留空则按项目地点登记。'
            : '未填写坐落：证书将不载坐落。'}
      </Typography.Text>
      <div style={{ marginTop: 12 }}>
        <label htmlFor="registration-area">{building ? '本幢建筑面积（平方米）' : '建筑面积（平方米）'}</label>
      </div>
      <InputNumber
        id="registration-area"
        value={area}
        min={0.01}
        max={100_000_000}
        precision={2}
        style={{ width: '100%' }}
        onChange={(v) => setArea(typeof v === 'number' && v > 0 ? v : null)}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {area !== null
          ? '证书载明此面积。'
          : ownSurvey !== undefined
            ? `留空则按本幢多测合一房产测量面积 ${ownSurvey} 平方米。`
            : building
              ? '留空则证书不载面积：项目的面积不是本幢的面积，请按本幢房产测量结果填写。'
              : '留空则按多测合一房产测量面积，无测量结果时按项目申报的总建筑面积。'}
      </Typography.Text>
    </Modal>
  )
}
