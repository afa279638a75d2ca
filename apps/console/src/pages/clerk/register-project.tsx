import { useMutation } from '@tanstack/react-query'
import { Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Select, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { api, must } from '../../api'
import { type FieldNames, fieldMessage, ProblemAlert } from '../../components/problem'
import { type AskedFact, askedFacts, conditionsOf, type ProjectType, sparingFacts, useCatalogue } from './catalogue'
import { creditCodeProblem } from './credit-code'
import { conditionText, factName, valueName } from './names'

type Values = {
  region: string
  projectType?: string
  name: string
  ownerName: string
  creditCode: string
  projectCode: string
  siteAreaM2: number
  floorAreaM2: number
  heightM: number
  /** 万元, as the window writes an investment; sent in fen. */
  investmentWan: number
  location: string
  facts?: Record<string, string | number | boolean | undefined>
  exclusions?: string[]
}

// 1 万元 = 10,000 元 = 1,000,000 分.
const FEN_PER_WAN = 1_000_000

/** The registration's fields by their labels, for a refusal to name them by (`ProblemAlert`'s `fields`). */
const FIELDS: FieldNames = {
  '/region': '行政区划代码',
  '/projectType': '项目类型',
  '/name': '项目名称',
  '/projectCode': '项目代码',
  '/owner': '建设单位',
  '/owner/name': '建设单位名称',
  '/owner/creditCode': '统一社会信用代码',
  '/siteAreaM2': '用地面积（平方米）',
  '/floorAreaM2': '总建筑面积（平方米）',
  '/heightM': '建筑高度（米）',
  '/investmentFen': '总投资（万元）',
  '/location': '建设地点',
  '/facts': '适用条件',
  '/facts/exclusions': '本项目涉及的情形',
}

/** The message of a refused field, whether the gateway's schema named it (`/body/…`) or intake did (`/…`). */
const refused = (error: unknown, field: string) => fieldMessage(error, `/body${field}`) ?? fieldMessage(error, field)

/**
 * 项目登记 (on the desk's first page, under 查找已登记项目): the project type from the region's catalogue with its
 * eligibility rules shown, then the project.
 */
export function RegisterProject() {
  const [form] = Form.useForm<Values>()
  const navigate = useNavigate()
  const region = Form.useWatch('region', form)
  const typeCode = Form.useWatch('projectType', form)
  const catalogue = useCatalogue(region)
  const type = catalogue.data?.catalogue.projectTypes.find((t) => t.code === typeCode)
  const items = catalogue.data?.catalogue.items ?? []
  const sparing = type ? sparingFacts(type, items) : []
  const [sentType, setSentType] = useState<ProjectType>()

  const register = useMutation({
    mutationFn: (v: Values) => {
      const facts: Record<string, string | number | boolean> = {}
      for (const [k, value] of Object.entries(v.facts ?? {})) if (value !== undefined && value !== '') facts[k] = value
      // A registration that names no exclusion declares the project is in none (intake's `projectFacts`).
      facts['exclusions'] = (v.exclusions ?? []).join(',')
      return must(
        api.POST('/api/v1/projects', {
          body: {
            name: v.name,
            owner: { name: v.ownerName, creditCode: v.creditCode },
            projectCode: v.projectCode,
            projectType: v.projectType ?? '',
            region: v.region,
            siteAreaM2: v.siteAreaM2,
            floorAreaM2: v.floorAreaM2,
            heightM: v.heightM,
            investmentFen: Math.round(v.investmentWan * FEN_PER_WAN),
            location: v.location,
            facts,
          },
        }),
      )
    },
    onSuccess: (answer) => {
      const projectId = (answer.project as { projectId: string }).projectId
      void navigate(`/desk/projects/${projectId}`)
    },
  })

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 960 }}>
      <Typography.Title level={2} style={{ marginTop: 0, fontSize: 20 }}>
        登记新项目
      </Typography.Title>
      <ProblemAlert
        error={register.error}
        fields={{
          ...FIELDS,
          // The facts the type's rules asked, each as its field is labelled.
          ...Object.fromEntries(
            (sentType ? [...askedFacts(sentType), ...sparingFacts(sentType, items)] : []).map((f) => [
              `/facts/${f.fact}`,
              factName(f.fact),
            ]),
          ),
        }}
      />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setSentType(type)
          register.mutate(v)
        }}
        initialValues={{ facts: {}, exclusions: [] }}
      >
        <Card title="项目类型" size="small" style={{ marginBottom: 16 }}>
          <Form.Item
            label="行政区划代码"
            name="region"
            rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入 6 位行政区划代码' }]}
            help={catalogue.error ? <ProblemAlert error={catalogue.error} /> : refused(register.error, '/region')}
            // The version as the clerk says it; the pin (region, version and the data's hash) is for support.
            extra={
              catalogue.data ? (
                <span title={catalogue.data.pin}>
                  目录：{catalogue.data.catalogue.region.name.zh}（{catalogue.data.catalogue.version} 版）
                </span>
              ) : undefined
            }
          >
            <Input maxLength={6} placeholder="如 441500" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            label="项目类型"
            name="projectType"
            rules={[{ required: true, message: '请选择项目类型' }]}
            help={refused(register.error, '/projectType')}
          >
            <Select
              disabled={!catalogue.data}
              placeholder={catalogue.data ? '请选择' : '请先输入行政区划代码'}
              options={(catalogue.data?.catalogue.projectTypes ?? []).map((t) => ({
                value: t.code,
                label: t.exempt ? `${t.name.zh}（免审批）` : t.name.zh,
              }))}
            />
          </Form.Item>
          {type && <Eligibility type={type} exclusionNames={catalogue.data?.catalogue.exclusions ?? []} />}
        </Card>

        <Card title="项目信息" size="small" style={{ marginBottom: 16 }}>
          <Form.Item
            label="项目名称"
            name="name"
            rules={[{ required: true, max: 200 }]}
            help={refused(register.error, '/name')}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            label="项目代码"
            name="projectCode"
            rules={[{ required: true, min: 6, max: 64, message: '项目代码为 6–64 位' }]}
            help={refused(register.error, '/projectCode')}
          >
            <Input maxLength={64} placeholder="投资项目在线审批监管平台赋码" />
          </Form.Item>
          <Form.Item
            label="建设单位名称"
            name="ownerName"
            rules={[{ required: true, max: 200 }]}
            help={refused(register.error, '/owner/name')}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            label="统一社会信用代码"
            name="creditCode"
            validateFirst
            rules={[
              { required: true, message: '请输入统一社会信用代码' },
              {
                validator: (_, value: string | undefined) => {
                  const problem = value ? creditCodeProblem(value) : undefined
                  return problem ? Promise.reject(new Error(problem)) : Promise.resolve()
                },
              },
            ]}
            help={refused(register.error, '/owner/creditCode')}
          >
            <Input maxLength={18} style={{ width: 260 }} />
          </Form.Item>
          <Space wrap size="middle">
            <Measure name="siteAreaM2" label="用地面积（平方米）" max={100_000_000} error={register.error} />
            <Measure name="floorAreaM2" label="总建筑面积（平方米）" max={100_000_000} error={register.error} />
            <Measure name="heightM" label="建筑高度（米）" max={1000} error={register.error} />
            <Measure name="investmentWan" label="总投资（万元）" max={1_000_000_000} error={register.error} />
          </Space>
          <Form.Item
            label="建设地点"
            name="location"
            rules={[{ required: true, max: 500 }]}
            help={refused(register.error, '/location')}
          >
            <Input maxLength={500} />
          </Form.Item>
        </Card>

        {type && askedFacts(type).length > 0 && (
          <Card title="适用条件（按项目类型的准入规则填写）" size="small" style={{ marginBottom: 16 }}>
            <Space wrap size="middle" align="start">
              {askedFacts(type).map((f) => (
                <FactField key={f.fact} fact={f} error={register.error} />
              ))}
            </Space>
          </Card>
        )}

        {sparing.length > 0 && (
          // 免于办理: the approvals the type's flow spares on what the owner declares (老旧小区改造, 004:1842, 2185, 2187).
          <Card
            title="免办条件（建设单位如实声明；未声明的，相应审批照常办理）"
            size="small"
            style={{ marginBottom: 16 }}
          >
            <Space wrap size="middle" align="start">
              {sparing.map((f) => (
                <FactField key={f.fact} fact={f} error={register.error} optional />
              ))}
            </Space>
          </Card>
        )}

        <Button type="primary" htmlType="submit" loading={register.isPending}>
          登记项目
        </Button>
        {register.error && sentType && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            登记的项目类型：{sentType.name.zh}
          </Typography.Paragraph>
        )}
      </Form>
    </Space>
  )
}

/** A type's eligibility rules and the excluded situations, as the window explains them before registering. */
function Eligibility({
  type,
  exclusionNames,
}: {
  type: ProjectType
  exclusionNames: { code: string; name: { zh: string } }[]
}) {
  const name = (code: string) => exclusionNames.find((e) => e.code === code)?.name.zh ?? code
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        bordered
        title="准入规则"
        items={
          type.eligibility.rules.length === 0
            ? [{ key: 'none', label: '规则', children: '本类型无准入限制' }]
            : type.eligibility.rules.map((rule) => ({
                key: rule.code,
                label: rule.description.zh,
                children: (rule.any
                  ? [
                      ...(rule.all ?? []).map(conditionText),
                      `以下之一：${rule.any.map((group) => group.map(conditionText).join('且')).join('；或 ')}`,
                    ]
                  : conditionsOf(rule).map(conditionText)
                ).join('；'),
              }))
        }
      />
      {type.eligibility.exclusions.length > 0 && (
        <Form.Item
          label="本项目涉及以下情形（涉及任一项则不适用本类型）"
          name="exclusions"
          style={{ marginTop: 16, marginBottom: 0 }}
        >
          <Checkbox.Group options={type.eligibility.exclusions.map((code) => ({ value: code, label: name(code) }))} />
        </Form.Item>
      )}
      {type.exempt && (
        <Tag color="blue" style={{ marginTop: 8 }}>
          免审批类型：符合条件的项目以告知承诺办理
        </Tag>
      )}
    </>
  )
}

function Measure(props: { name: keyof Values; label: string; max: number; error: unknown }) {
  const field = props.name === 'investmentWan' ? '/investmentFen' : `/${props.name}`
  return (
    <Form.Item
      label={props.label}
      name={props.name}
      rules={[{ required: true, message: `请输入${props.label}` }]}
      help={refused(props.error, field)}
    >
      <InputNumber min={0} max={props.max} style={{ width: 200 }} />
    </Form.Item>
  )
}

/** One fact a rule tests, asked the way its rule compares it; an `optional` one (免办条件) may stay undeclared. */
function FactField({ fact, error, optional = false }: { fact: AskedFact; error: unknown; optional?: boolean }) {
  const label = factName(fact.fact)
  const help = refused(error, `/facts/${fact.fact}`)
  const name = ['facts', fact.fact]
  if (fact.kind === 'boolean') {
    return (
      <Form.Item
        label={label}
        name={name}
        help={help}
        rules={optional ? [] : [{ required: true, message: `请选择${label}` }]}
      >
        <Select
          style={{ width: 200 }}
          allowClear={optional}
          placeholder={optional ? '未声明' : '请选择'}
          options={[
            { value: true, label: '是' },
            { value: false, label: '否' },
          ]}
        />
      </Form.Item>
    )
  }
  if (fact.kind === 'number') {
    return (
      <Form.Item label={label} name={name} help={help} rules={[{ required: true, message: `请输入${label}` }]}>
        <InputNumber style={{ width: 200 }} min={-1e12} max={1e12} />
      </Form.Item>
    )
  }
  if (fact.kind === 'choice') {
    return (
      <Form.Item label={label} name={name} help={help} rules={[{ required: true, message: `请选择${label}` }]}>
        <Select
          style={{ width: 200 }}
          placeholder="请选择"
          options={[...fact.choices.map((c) => ({ value: c, label: valueName(c) })), { value: 'other', label: '其他' }]}
        />
      </Form.Item>
    )
  }
  return (
    <Form.Item label={label} name={name} help={help}>
      <Input maxLength={200} style={{ width: 200 }} />
    </Form.Item>
  )
}
