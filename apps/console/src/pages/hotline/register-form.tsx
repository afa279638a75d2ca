import { type ResidentIdProblem, residentIdProblem } from '@onewindow/vocabulary'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, App, Button, Card, Checkbox, Form, Input, Radio, Select, Space } from 'antd'
import { useDeferredValue, useState } from 'react'
import { api, keys, must } from '../../api'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { departmentOptions } from '../../departments'
import type { paths } from '../../generated/api'
import { creditCodeProblem } from '../clerk/credit-code'
import { REGION_OPTIONS, type Ticket, TYPE_NAMES } from './names'

type RegisterBody = paths['/api/v1/hotline/tickets']['post']['requestBody']['content']['application/json']
type Registered = paths['/api/v1/hotline/tickets']['post']['responses'][201]['content']['application/json']
type Hidden = NonNullable<RegisterBody['hidden']>[number]
type RealNameReason = NonNullable<RegisterBody['realNameReason']>

type Values = {
  type: Ticket['type']
  title: string
  content: string
  name?: string
  idNumber?: string
  phone?: string
  /** the agent's and the clerk's: the requester speaks for an enterprise (市场主体), named by name and credit code */
  asEnterprise?: boolean
  enterpriseName?: string
  enterpriseCreditCode?: string
  hidden?: Hidden[]
  realNameReason?: RealNameReason | 'none'
  departments?: string[]
  /** the region the ticket is about: its rule sets the handling limit */
  region?: string
  /** the agent's: a project number the caller gives */
  projectId?: string
  /** the owner's: one of its projects, and a task of it (which names its application) */
  ownProject?: string
  ownTask?: string
}

/** 第九条第二款: what may be hidden, each field agreed one by one. */
const HIDDEN_NAMES: Record<Hidden, string> = { name: '隐匿姓名', idNumber: '隐匿身份证号码', phone: '隐匿电话号码' }

/** 第十条 (一)–(三): matters registered only under the real name. */
const REAL_NAME_REASONS: Record<RealNameReason | 'none', string> = {
  none: '否',
  'own-information': '查询本人信息',
  dispute: '纠纷调解、侵权投诉等需核实本人身份',
  law: '法律规定须实名办理',
}

/** The 身份证号码 as it is typed: the rule is vocabulary's (the hotline refuses the same), the words are the window's. */
export function idNumberMessage(p: ResidentIdProblem): string {
  switch (p.kind) {
    case 'length':
      return `身份证号码为 18 位，已输入 ${p.length} 位`
    case 'character':
      return `“${p.character}”不是身份证号码的字符（前 17 位为数字，末位为数字或大写 X）`
    case 'birth-date':
      return `出生日期“${p.birthDate}”不是今天以前的有效日期，请核对第 7–14 位`
    case 'check':
      return `校验码应为“${p.expected}”，输入的是“${p.given}”，请核对`
  }
}

/**
 * Who registers, each on its one channel: the agent for a caller (phone), the owner online, the clerk at the 办不成事
 * window (the window for things that could not get done, seeds/000_5ff03a50698aa736.txt:344) for the applicant before
 * her. The clerk's form is the agent's with the channel fixed to `window`. What the agent may do and she may not: answer
 * a consultation on the spot from the knowledge base (第十三条 (一), the knowledge page) — the centre's own reception
 * rule, and a window ticket is a problem put into the closed loop of 问题受理、科学分办、解决处置、跟踪督办、反馈评价
 * (000:345), which an answer on the spot would close without ever being assigned. Dispatch stays the centre's: she may name the units the
 * applicant's matter is stuck with, as the agent does, and the centre dispatches.
 */
export type Registrar = 'agent' | 'owner' | 'clerk'

const CHANNEL_OF: Record<Registrar, NonNullable<RegisterBody['channel']>> = {
  agent: 'phone',
  owner: 'online',
  clerk: 'window',
}

const TITLES: Record<Registrar, string> = {
  agent: '登记工单',
  owner: '网上反映诉求',
  clerk: '“办不成事”窗口登记',
}

/**
 * 登记工单 — one form for the agent's desk (a caller on the phone), the owner's online request (网上反映) and the
 * clerk's 办不成事 window: the type, what is asked, the requester's real-name data with its 身份证号码 checked as typed,
 * the fields to hide (第九条第二款: agreed one by one, told that hiding may affect the handling), whether the matter
 * needs the real name (第十条), what it is about; the agent and the clerk name the responsible units, two or more
 * registering one ticket each (第十一条第二款).
 */
export function RegisterForm({
  who,
  onRegistered,
}: {
  who: Registrar
  /** What follows a registration besides the lists being fetched again (the agent opens a lone ticket's page). */
  onRegistered?: (answer: Registered) => Promise<void> | void
}) {
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const ownProject = Form.useWatch('ownProject', form)
  const hidden = Form.useWatch('hidden', form) ?? []
  const asEnterprise = Form.useWatch('asEnterprise', form) === true
  // The owner's newest 200 projects, or those whose name or code holds what it types (the gateway searches them all).
  const [search, setSearch] = useState('')
  const wanted = useDeferredValue(search.trim().slice(0, 100))
  const [picked, setPicked] = useState<{ value: string; label: string }>()
  const projects = useQuery({
    queryKey: [...keys.projects(), wanted],
    queryFn: () =>
      must(
        api.GET('/api/v1/projects', {
          params: { query: wanted ? { limit: 50, search: wanted } : { limit: 200 } },
        }),
      ),
    enabled: who === 'owner',
    placeholderData: keepPreviousData,
  })
  const projectOptions = [
    ...(picked ? [picked] : []),
    ...(projects.data?.projects ?? [])
      .filter((p) => p.projectId !== picked?.value)
      .map((p) => ({ value: p.projectId, label: `${p.name}（${p.projectCode}）` })),
  ]
  const status = useQuery({
    queryKey: keys.status(ownProject ?? ''),
    queryFn: () => must(api.GET('/api/v1/projects/{id}/status', { params: { path: { id: ownProject ?? '' } } })),
    enabled: who === 'owner' && Boolean(ownProject),
  })
  const register = useMutation({
    mutationFn: (v: Values) => {
      const task = v.ownTask ? status.data?.tasks.find((t) => t.taskId === v.ownTask) : undefined
      const body: RegisterBody = {
        type: v.type,
        title: v.title,
        content: v.content,
        requester: {
          ...(v.name ? { name: v.name.trim() } : {}),
          ...(v.idNumber ? { idNumber: v.idNumber.trim() } : {}),
          ...(v.phone ? { phone: v.phone.trim() } : {}),
          ...(who !== 'owner' && v.asEnterprise && v.enterpriseName && v.enterpriseCreditCode
            ? { enterprise: { name: v.enterpriseName.trim(), creditCode: v.enterpriseCreditCode.trim() } }
            : {}),
        },
        ...(v.hidden && v.hidden.length > 0 ? { hidden: v.hidden } : {}),
        ...(v.realNameReason && v.realNameReason !== 'none' ? { realNameReason: v.realNameReason } : {}),
        ...(v.departments && v.departments.length > 0 ? { departments: v.departments } : {}),
        ...(v.region ? { region: v.region } : {}),
        ...(v.projectId ? { projectId: v.projectId.trim() } : {}),
        ...(v.ownProject ? { projectId: v.ownProject } : {}),
        ...(task ? { applicationId: task.applicationId, taskId: task.taskId } : {}),
        channel: CHANNEL_OF[who],
      }
      return must(api.POST('/api/v1/hotline/tickets', { body }))
    },
    onSuccess: async (data) => {
      await queryClient.invalidateQueries({ queryKey: keys.hotlineTickets() })
      void message.success(
        data.tickets.length > 1 ? `已按承办单位分别登记 ${data.tickets.length} 张工单。` : '工单已登记。',
      )
      form.resetFields()
      await onRegistered?.(data)
    },
  })
  const e = register.error
  const field = (pointer: string) => ({
    validateStatus: fieldMessage(e, pointer) ? ('error' as const) : undefined,
    help: fieldMessage(e, pointer),
  })
  return (
    <Card title={TITLES[who]} style={{ marginBottom: 24 }}>
      <ProblemAlert error={e} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => register.mutate(v)}
        initialValues={{ type: 'complaint', realNameReason: 'none', hidden: [] }}
      >
        <Form.Item name="type" label="诉求类型" rules={[{ required: true, message: '请选择诉求类型' }]}>
          <Radio.Group
            optionType="button"
            options={(Object.keys(TYPE_NAMES) as Ticket['type'][]).map((t) => ({ value: t, label: TYPE_NAMES[t] }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label="标题"
          rules={[{ required: true, message: '请填写标题' }]}
          {...field('/body/title')}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="content"
          label="诉求内容"
          rules={[{ required: true, message: '请填写诉求内容' }]}
          {...field('/body/content')}
        >
          <Input.TextArea maxLength={4000} rows={3} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="name" label="诉求人姓名" {...field('/body/requester/name')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label="身份证号码"
            rules={[
              {
                validator: async (_, value?: string) => {
                  // Without a today: a birth date after the legal day is the hotline's to refuse (its today, not the
                  // browser's clock), said under the field as HOTLINE_ID_NUMBER_INVALID.
                  const problem = value ? residentIdProblem(value.trim()) : undefined
                  if (problem) throw new Error(idNumberMessage(problem))
                },
              },
            ]}
            {...(fieldMessage(e, '/body/requester/idNumber') ? field('/body/requester/idNumber') : {})}
          >
            <Input maxLength={18} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="phone" label="联系电话" {...field('/body/requester/phone')}>
            <Input maxLength={20} />
          </Form.Item>
        </Space>
        {who !== 'owner' && (
          <>
            {/* An owner online is its own organisation; a caller or an applicant may speak for one (002:340). */}
            <Form.Item
              name="asEnterprise"
              valuePropName="checked"
              extra="诉求人代表企业等市场主体反映诉求的，按市场主体诉求办理（广西：求助类 3 个工作日，投诉、举报类 10 个工作日）。"
            >
              <Checkbox>以企业名义</Checkbox>
            </Form.Item>
            {asEnterprise && (
              <Space wrap align="start">
                <Form.Item
                  name="enterpriseName"
                  label="企业名称"
                  rules={[{ required: true, whitespace: true, message: '请填写企业名称' }]}
                  {...field('/body/requester/enterprise/name')}
                >
                  <Input maxLength={200} style={{ width: 320 }} />
                </Form.Item>
                <Form.Item
                  name="enterpriseCreditCode"
                  label="统一社会信用代码"
                  rules={[
                    { required: true, message: '请填写统一社会信用代码' },
                    {
                      validator: async (_, value?: string) => {
                        const problem = value ? creditCodeProblem(value.trim()) : undefined
                        if (problem) throw new Error(problem)
                      },
                    },
                  ]}
                  {...(fieldMessage(e, '/body/requester/enterprise/creditCode')
                    ? field('/body/requester/enterprise/creditCode')
                    : {})}
                >
                  <Input maxLength={18} style={{ width: 220 }} />
                </Form.Item>
              </Space>
            )}
          </>
        )}
        <Form.Item name="hidden" label="需隐匿的个人信息（与诉求人逐项确认）">
          <Checkbox.Group
            options={(Object.keys(HIDDEN_NAMES) as Hidden[]).map((h) => ({ value: h, label: HIDDEN_NAMES[h] }))}
          />
        </Form.Item>
        {hidden.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="隐匿的信息不予保存，热线中心和承办单位均无法查看；隐匿信息可能影响工单登记和办理（如无法联系核实、无法按实名办理）。"
          />
        )}
        <Form.Item name="realNameReason" label="是否须实名办理">
          <Select
            style={{ width: 320 }}
            options={(Object.keys(REAL_NAME_REASONS) as (RealNameReason | 'none')[]).map((r) => ({
              value: r,
              label: REAL_NAME_REASONS[r],
            }))}
          />
        </Form.Item>
        <Form.Item
          name="region"
          label={who === 'owner' ? '诉求所涉地区（可选，不选则按所选项目所在地区）' : '诉求所涉地区（可选）'}
          extra="广西的企业求助类工单 3 个工作日内办结答复，投诉、举报类 10 个工作日。"
          {...field('/body/region')}
        >
          <Select allowClear style={{ width: 320 }} options={REGION_OPTIONS} />
        </Form.Item>
        {who !== 'owner' ? (
          <Space wrap align="start">
            <Form.Item
              name="departments"
              label="承办单位（可多选，每个单位分别登记一张工单）"
              {...field('/body/departments')}
            >
              <Select mode="multiple" style={{ width: 420 }} options={departmentOptions()} />
            </Form.Item>
            <Form.Item name="projectId" label="关联项目（项目编号，可选）" {...field('/body/projectId')}>
              <Input maxLength={36} style={{ width: 340 }} />
            </Form.Item>
          </Space>
        ) : (
          <Space wrap align="start">
            <Form.Item name="ownProject" label="关联项目（可选）" {...field('/body/projectId')}>
              <Select
                allowClear
                showSearch
                filterOption={false}
                onSearch={setSearch}
                placeholder="输入项目名称或编号查找"
                style={{ width: 420 }}
                loading={projects.isFetching}
                onChange={(value: string | undefined) => {
                  setPicked(projectOptions.find((o) => o.value === value))
                  form.setFieldValue('ownTask', undefined)
                }}
                options={projectOptions}
              />
            </Form.Item>
            <Form.Item name="ownTask" label="关联审批事项（可选）" {...field('/body/taskId')}>
              <Select
                allowClear
                disabled={!ownProject}
                style={{ width: 360 }}
                loading={Boolean(ownProject) && status.isPending}
                options={(status.data?.tasks ?? []).map((t) => ({
                  value: t.taskId,
                  label: `${t.itemName ?? t.item}（${t.departmentName ?? t.department}）`,
                }))}
              />
            </Form.Item>
          </Space>
        )}
        <Button type="primary" htmlType="submit" loading={register.isPending}>
          {who === 'owner' ? '提交诉求' : '登记'}
        </Button>
      </Form>
    </Card>
  )
}
