import { Button, Card, Form, Input, Select, Typography } from 'antd'
import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { api, must } from '../api'
import { ProblemAlert } from '../components/problem'
import { homeOf } from '../layout'
import { ROLE_NAMES, type Role, useSession } from '../session'

type Values = { role: Role; department?: string; creditCode?: string; provider?: string; sub?: string }

/**
 * The development sign-in (the gateway's `DEV_LOGIN=on`): pick a role and what it acts for, get a token. Production
 * signs in with the city's identity provider instead (docs/security.md); this page then says the route is absent.
 */
export default function SignIn() {
  const { signIn } = useSession()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const [problem, setProblem] = useState<unknown>()
  const [form] = Form.useForm<Values>()
  const role = Form.useWatch('role', form)

  const submit = async (values: Values) => {
    setProblem(undefined)
    try {
      const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as Values
      const { token, actor } = await must(api.POST('/api/v1/dev/login', { body }))
      signIn({ token, actor })
      await navigate(params.get('next') ?? homeOf(actor.role), { replace: true })
    } catch (err) {
      setProblem(err)
    }
  }

  return (
    <main style={{ display: 'flex', justifyContent: 'center', padding: 48 }}>
      <Card style={{ width: 420 }}>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          登录（开发环境）
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          选择角色及其所属部门、统一社会信用代码或服务单位。生产环境由统一身份认证平台登录。
        </Typography.Paragraph>
        <ProblemAlert error={problem} />
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ role: 'clerk' }}>
          <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
            <Select
              aria-label="角色"
              options={(Object.keys(ROLE_NAMES) as Role[]).map((r) => ({ value: r, label: ROLE_NAMES[r] }))}
            />
          </Form.Item>
          {(role === 'reviewer' || role === 'lead') && (
            <Form.Item name="department" label="部门" rules={[{ required: true, message: '请填写部门' }]}>
              <Input maxLength={100} placeholder="如：住房城乡建设局" />
            </Form.Item>
          )}
          {/* 中介服务: an intermediary is named by its 统一社会信用代码 too (docs/assisted-service.md). */}
          {(role === 'owner' || role === 'intermediary') && (
            <Form.Item
              name="creditCode"
              label="统一社会信用代码"
              rules={[{ required: true, len: 18, message: '统一社会信用代码为18位' }]}
            >
              <Input maxLength={18} />
            </Form.Item>
          )}
          {role === 'utility' && (
            <Form.Item name="provider" label="服务单位" rules={[{ required: true, message: '请填写服务单位' }]}>
              <Select
                aria-label="服务单位"
                options={[
                  { value: 'water', label: '供水' },
                  { value: 'power', label: '供电' },
                  { value: 'gas', label: '供气' },
                  { value: 'drainage', label: '排水' },
                  { value: 'telecom', label: '通信' },
                ]}
              />
            </Form.Item>
          )}
          <Form.Item name="sub" label="用户标识（可选）">
            <Input maxLength={255} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            登录
          </Button>
        </Form>
      </Card>
    </main>
  )
}
