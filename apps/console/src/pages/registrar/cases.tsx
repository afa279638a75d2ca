import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Select, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { putRow } from '../../cached-rows'
import { ProblemAlert } from '../../components/problem'
import { ProjectTitleCell } from '../../components/project-title'
import { StatusTag } from '../../components/status-tag'
import { countsFrom } from '../../explanation'
import { chineseDate, chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'
import { PreSurveyBy } from '../shared-results/pre-survey'
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
  if (c.status === 'open') return { label: '办结登记并发证', body: { action: 'complete' } }
  return undefined
}

/**
 * 不动产登记 — the registration office's first-registration cases (不动产首次登记). A case opens by itself: its
 * pre-survey (权籍调查) when joint acceptance starts, the registration when acceptance passes (验登合一); the registrar
 * passes the pre-survey and completes the registration, which issues the signed property certificate.
 */
export default function Cases() {
  const [status, setStatus] = useState<Status | 'all'>('all')
  const client = useQueryClient()
  const { data, error, isPending } = useQuery({
    queryKey: keys.registrations(),
    queryFn: () => must(api.GET('/api/v1/registrations', {})),
    refetchOnWindowFocus: true,
  })
  const act = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Action }) =>
      must(api.POST('/api/v1/registrations/{id}/actions', { params: { path: { id } }, body })),
    onSuccess: (answer) =>
      putRow<CaseList, RegistrationCase>(
        client,
        keys.registrations(),
        'registrations',
        answer.case,
        (a, b) => a.caseId === b.caseId,
      ),
  })
  const cases = (data?.registrations ?? []).filter((c) => status === 'all' || c.status === status)
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
        columns={[
          {
            title: '案件编号',
            key: 'caseNumber',
            // A case created before cases were numbered is still known by its id's tail, as this column showed it.
            // Unbroken, so the number is read out in one piece.
            render: (_, c) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                {c.caseNumber ?? c.caseId.slice(-12)}
              </Typography.Text>
            ),
          },
          {
            title: '项目',
            key: 'projectId',
            render: (_, c) => <ProjectTitleCell projectId={c.projectId} titles={data?.projects ?? []} />,
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
          { title: '开始日期', key: 'openedAt', render: (_, c) => chineseDate(c.openedAt) },
          {
            title: '登记时限',
            key: 'clock',
            render: (_, c) =>
              c.clock
                ? `${c.clock.limit.value} 个${c.clock.limit.unit === 'W' ? '工作日' : '自然日'}，${countsFrom(c.clock.start, c.clock.limit.unit)}`
                : '—',
          },
          {
            title: '不动产权证书',
            key: 'certificate',
            render: (_, c) =>
              c.certificateId ? (
                <>
                  已发证（{chineseDateTime(c.completedAt)}）
                  <br />
                  <Typography.Text code>{c.certificateId}</Typography.Text>
                </>
              ) : (
                '—'
              ),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, c) => {
              const next = nextAction(c)
              if (!next) return c.status === 'pre-survey-passed' ? '待联合验收通过' : '—'
              return (
                <Button
                  type="primary"
                  size="small"
                  loading={act.isPending && act.variables?.id === c.caseId}
                  onClick={() => act.mutate({ id: c.caseId, body: next.body })}
                >
                  {next.label}
                </Button>
              )
            },
          },
        ]}
      />
    </>
  )
}
