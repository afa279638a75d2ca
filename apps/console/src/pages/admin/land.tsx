import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Flex, Form, Input, Select, Table, Typography } from 'antd'
import type { Rule } from 'antd/es/form'
import { api, keys, must } from '../../api'
import { DayPick } from '../../components/day-picker'
import { ProblemAlert } from '../../components/problem'
import { CONNECTION_UTILITIES, providerName, providerOptions } from '../../departments'
import { chineseDate } from '../../format'
import type { paths } from '../../generated/api'
import { ASSESSMENT_NAMES, ENTRY_KINDS } from '../shared-results/names'

type AreaBody = NonNullable<paths['/api/v1/areas']['post']['requestBody']>['content']['application/json']
type PlotBody = NonNullable<paths['/api/v1/plots']['post']['requestBody']>['content']['application/json']
type Area = paths['/api/v1/areas']['get']['responses'][200]['content']['application/json']['areas'][number]
type Plot = paths['/api/v1/plots']['get']['responses'][200]['content']['application/json']['plots'][number]

const h2 = { fontSize: 16, margin: 0 } as const
const section = { marginBottom: 16 } as const
const options = (names: Record<string, string>) => Object.entries(names).map(([value, label]) => ({ value, label }))

// The forms hold the routes' bounds (packages/contracts shared-results/land.ts), so a person is told before sending.
const required = (what: string): Rule => ({ required: true, whitespace: true, message: `请填写${what}` })
const max = (n: number): Rule => ({ max: n, message: `不超过 ${n} 个字符` })
const code: Rule = { pattern: /^[A-Za-z0-9-]+$/, message: '只用字母、数字和连字符' }
const region: Rule = { pattern: /^\d{6}$/, message: '六位行政区划代码' }
/**
 * 区域评估与用地清单 — the city's desk (role admin, as the routes allow): publish an assessed area's regional-assessment
 * results (004:2265) and a plot's land-condition list at its sale (004:2263), and read what is published, newest first
 * (docs/shared-results.md).
 */
export default function LandDesk() {
  return (
    <>
      <Typography.Title level={1}>区域评估与用地清单</Typography.Title>
      <Typography.Paragraph>
        发布园区或储备用地的区域评估成果，区域内项目不再单独评估（例外清单所列事项除外）；土地出让时发布宗地的用地清单，部门不得在清单外增设条件。
      </Typography.Paragraph>
      <AreaDesk />
      <PlotDesk />
    </>
  )
}

function AreaDesk() {
  const client = useQueryClient()
  const [form] = Form.useForm<AreaBody>()
  const areas = useQuery({
    queryKey: keys.landAreas(),
    queryFn: () => must(api.GET('/api/v1/areas', {})),
  })
  const publish = useMutation({
    mutationFn: (body: AreaBody) => must(api.POST('/api/v1/areas', { body })),
    onSuccess: async () => {
      form.resetFields()
      await client.invalidateQueries({ queryKey: keys.landAreas() })
    },
  })
  return (
    <Card title={<h2 style={h2}>区域评估</h2>} size="small" style={section}>
      <section aria-label="发布区域评估成果">
        <ProblemAlert error={publish.error} />
        {publish.isSuccess && <Typography.Paragraph>已发布区域评估成果。</Typography.Paragraph>}
        <Form<AreaBody>
          form={form}
          name="publish-area"
          layout="vertical"
          initialValues={{ kind: 'park', region: '441500', results: [{}], exceptions: [] }}
          onFinish={(v) => publish.mutate({ ...v, exceptions: v.exceptions ?? [] })}
        >
          <Flex gap={8} wrap>
            <Form.Item name="code" label="区域编码" rules={[required('区域编码'), max(50), code]}>
              <Input style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="name" label="区域名称" rules={[required('区域名称'), max(200)]}>
              <Input style={{ width: 260 }} />
            </Form.Item>
            <Form.Item name="kind" label="区域类型">
              <Select
                style={{ width: 140 }}
                options={[
                  { value: 'park', label: '园区' },
                  { value: 'reserve-land', label: '储备用地' },
                ]}
              />
            </Form.Item>
            <Form.Item name="region" label="行政区划" rules={[required('行政区划'), region]}>
              <Input style={{ width: 120 }} />
            </Form.Item>
          </Flex>
          <Form.List
            name="results"
            rules={[
              {
                validator: async (_, v: unknown[] | undefined) => {
                  if (!v || v.length < 1) throw new Error('至少一项评估成果')
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, i) => (
                  <Flex key={field.key} gap={8} wrap align="baseline">
                    <Form.Item
                      name={[field.name, 'subject']}
                      label={`成果${i + 1}评估事项`}
                      rules={[{ required: true, message: '请选择评估事项' }]}
                    >
                      <Select style={{ width: 220 }} options={options(ASSESSMENT_NAMES)} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'documentRef']}
                      label={`成果${i + 1}文件`}
                      rules={[required('成果文件'), max(500)]}
                    >
                      <Input style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'issuedOn']}
                      label={`成果${i + 1}出具日期`}
                      rules={[required('出具日期')]}
                    >
                      <DayPick label={`成果${i + 1}出具日期`} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'assessedBy']}
                      label={`成果${i + 1}评估组织单位`}
                      rules={[required('评估组织单位'), max(200)]}
                    >
                      <Input style={{ width: 200 }} />
                    </Form.Item>
                    {fields.length > 1 && <Button onClick={() => remove(field.name)}>{`删除成果${i + 1}`}</Button>}
                  </Flex>
                ))}
                <Form.ErrorList errors={errors} />
                {fields.length < 11 && <Button onClick={() => add({})}>增加一项评估成果</Button>}
              </>
            )}
          </Form.List>
          <Form.Item name="exceptions" label="例外清单（仍须逐个项目评估的事项）" style={{ marginTop: 8 }}>
            <Select mode="multiple" style={{ maxWidth: 560 }} options={options(ASSESSMENT_NAMES)} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={publish.isPending}>
            发布区域评估
          </Button>
        </Form>
      </section>
      <section aria-label="已发布的区域" style={{ marginTop: 16 }}>
        <ProblemAlert error={areas.error} />
        <Table<Area>
          rowKey="areaId"
          size="small"
          loading={areas.isPending}
          dataSource={areas.data?.areas ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Typography.Text>尚未发布区域评估</Typography.Text> }}
          columns={[
            { title: '区域', key: 'n', render: (_, a) => `${a.name}（${a.code}）` },
            { title: '类型', key: 'k', render: (_, a) => (a.kind === 'park' ? '园区' : '储备用地') },
            { title: '行政区划', key: 'r', dataIndex: 'region' },
            {
              title: '评估成果',
              key: 'res',
              render: (_, a) => a.results.map((r) => ASSESSMENT_NAMES[r.subject] ?? r.subject).join('、'),
            },
            {
              title: '例外清单',
              key: 'ex',
              render: (_, a) =>
                a.exceptions.length === 0 ? '无' : a.exceptions.map((s) => ASSESSMENT_NAMES[s] ?? s).join('、'),
            },
            { title: '发布日期', key: 'p', render: (_, a) => chineseDate(a.publishedOn) },
          ]}
        />
      </section>
    </Card>
  )
}

function PlotDesk() {
  const client = useQueryClient()
  const [form] = Form.useForm<PlotBody>()
  const areas = useQuery({ queryKey: keys.landAreas(), queryFn: () => must(api.GET('/api/v1/areas', {})) })
  const plots = useQuery({ queryKey: keys.landPlots(), queryFn: () => must(api.GET('/api/v1/plots', {})) })
  const publish = useMutation({
    mutationFn: (body: PlotBody) => must(api.POST('/api/v1/plots', { body })),
    onSuccess: async () => {
      form.resetFields()
      await client.invalidateQueries({ queryKey: keys.landPlots() })
    },
  })
  const areaName = (id: string | undefined) => areas.data?.areas.find((a) => a.areaId === id)?.name
  return (
    <Card title={<h2 style={h2}>用地清单</h2>} size="small" style={section}>
      <section aria-label="发布用地清单">
        <ProblemAlert error={publish.error} />
        {publish.isSuccess && <Typography.Paragraph>已发布用地清单。</Typography.Paragraph>}
        <Form<PlotBody>
          form={form}
          name="publish-plot"
          layout="vertical"
          initialValues={{ region: '441500', entries: [{ kind: 'planning-condition' }], connectionPoints: [] }}
          onFinish={(v) =>
            publish.mutate({
              ...v,
              entries: v.entries.map((e) => (e.materials?.length ? e : { kind: e.kind, text: e.text })),
              connectionPoints: v.connectionPoints ?? [],
            })
          }
        >
          <Flex gap={8} wrap>
            <Form.Item name="plotCode" label="宗地编号" rules={[required('宗地编号'), max(50), code]}>
              <Input style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="name" label="地块名称" rules={[required('地块名称'), max(200)]}>
              <Input style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name="region" label="地块行政区划" rules={[required('行政区划'), region]}>
              <Input style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="soldOn" label="出让日期" rules={[required('出让日期')]}>
              <DayPick label="出让日期" />
            </Form.Item>
            <Form.Item name="areaId" label="所在评估区域（可不选）">
              <Select
                allowClear
                style={{ width: 240 }}
                options={(areas.data?.areas ?? []).map((a) => ({ value: a.areaId, label: `${a.name}（${a.code}）` }))}
              />
            </Form.Item>
          </Flex>
          <Typography.Paragraph strong>清单条目（1–100 条）</Typography.Paragraph>
          <Form.List name="entries">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Flex key={field.key} gap={8} wrap align="baseline">
                    <Form.Item name={[field.name, 'kind']} label={`条目${i + 1}类别`}>
                      <Select style={{ width: 140 }} options={options(ENTRY_KINDS)} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'text']}
                      label={`条目${i + 1}内容`}
                      rules={[required('条目内容'), max(1000)]}
                    >
                      <Input.TextArea style={{ width: 360 }} autoSize maxLength={1000} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'materials']}
                      label={`条目${i + 1}可要求的材料编码`}
                      rules={[
                        {
                          validator: async (_, v: string[] | undefined) => {
                            if ((v?.length ?? 0) > 20) throw new Error('至多 20 个材料编码')
                            if (v?.some((m) => m.length > 100)) throw new Error('材料编码不超过 100 个字符')
                          },
                        },
                      ]}
                    >
                      <Select mode="tags" style={{ width: 240 }} open={false} tokenSeparators={[',', '，', ' ']} />
                    </Form.Item>
                    {fields.length > 1 && <Button onClick={() => remove(field.name)}>{`删除条目${i + 1}`}</Button>}
                  </Flex>
                ))}
                {fields.length < 100 && (
                  <Button onClick={() => add({ kind: 'planning-condition' })}>增加一条清单条目</Button>
                )}
              </>
            )}
          </Form.List>
          <Typography.Paragraph strong style={{ marginTop: 8 }}>
            市政连接点（至多 20 个）
          </Typography.Paragraph>
          <Form.List name="connectionPoints">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Flex key={field.key} gap={8} wrap align="baseline">
                    <Form.Item
                      name={[field.name, 'utility']}
                      label={`连接点${i + 1}类别`}
                      rules={[{ required: true, message: '请选择类别' }]}
                    >
                      <Select style={{ width: 100 }} options={providerOptions(CONNECTION_UTILITIES)} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'point']}
                      label={`连接点${i + 1}位置`}
                      rules={[required('连接点位置'), max(200)]}
                    >
                      <Input style={{ width: 240 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'requirement']}
                      label={`连接点${i + 1}接驳要求`}
                      rules={[required('接驳要求'), max(500)]}
                    >
                      <Input style={{ width: 240 }} />
                    </Form.Item>
                    <Button onClick={() => remove(field.name)}>{`删除连接点${i + 1}`}</Button>
                  </Flex>
                ))}
                {fields.length < 20 && <Button onClick={() => add({ utility: 'water' })}>增加一个连接点</Button>}
              </>
            )}
          </Form.List>
          <div style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" loading={publish.isPending}>
              发布用地清单
            </Button>
          </div>
        </Form>
      </section>
      <section aria-label="已发布的用地清单" style={{ marginTop: 16 }}>
        <ProblemAlert error={plots.error} />
        <Table<Plot>
          rowKey="plotId"
          size="small"
          loading={plots.isPending}
          dataSource={plots.data?.plots ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Typography.Text>尚未发布用地清单</Typography.Text> }}
          columns={[
            { title: '地块', key: 'n', render: (_, p) => `${p.name}（${p.plotCode}）` },
            { title: '行政区划', key: 'r', dataIndex: 'region' },
            { title: '所在区域', key: 'a', render: (_, p) => areaName(p.areaId) ?? (p.areaId ? p.areaId : '—') },
            { title: '出让日期', key: 's', render: (_, p) => chineseDate(p.soldOn) },
            {
              title: '清单条目',
              key: 'e',
              render: (_, p) => p.entries.map((e) => `${ENTRY_KINDS[e.kind] ?? e.kind}：${e.text}`).join('；'),
            },
            {
              title: '市政连接点',
              key: 'c',
              render: (_, p) =>
                p.connectionPoints.length === 0
                  ? '无'
                  : p.connectionPoints.map((c) => `${providerName(c.utility)}：${c.point}`).join('；'),
            },
            { title: '发布日期', key: 'p', render: (_, p) => chineseDate(p.publishedOn) },
          ]}
        />
      </section>
    </Card>
  )
}
