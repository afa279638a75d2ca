import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Flex, Form, Input, Popconfirm, Table, Typography } from 'antd'
import { api, keys, must } from '../../api'
import { DISHONEST_OWNER_MAXIMA } from '../../bounds'
import { ProblemAlert } from '../../components/problem'
import { chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'
import { useActor } from '../../session'
import { creditCodeProblem } from '../clerk/credit-code'

type Listing =
  paths['/api/v1/admin/dishonest-owners']['get']['responses'][200]['content']['application/json']['owners'][number]
type Values = { creditCode: string; reason: string }

const MAX_REASON = DISHONEST_OWNER_MAXIMA.reason

/**
 * 失信名单 — the owners on the dishonesty list (004:2235): none of them may apply with 容缺 or 告知承诺. The administrator
 * lists an owner by its 统一社会信用代码 with the reason (the 信用 authority's decision) and removes it; a supervisor
 * reads the list (docs/intake.md#the-dishonesty-list-失信).
 */
export default function DishonestOwners() {
  const manages = useActor().role === 'admin'
  const client = useQueryClient()
  const [form] = Form.useForm<Values>()
  const listed = useQuery({
    queryKey: keys.dishonestOwners(),
    queryFn: () => must(api.GET('/api/v1/admin/dishonest-owners', {})),
  })
  const list = useMutation({
    mutationFn: ({ creditCode, reason }: Values) =>
      must(
        api.PUT('/api/v1/admin/dishonest-owners/{creditCode}', {
          params: { path: { creditCode } },
          body: { reason },
        }),
      ),
    onSuccess: async () => {
      form.resetFields()
      await client.invalidateQueries({ queryKey: keys.dishonestOwners() })
    },
  })
  const remove = useMutation({
    mutationFn: (creditCode: string) =>
      must(api.DELETE('/api/v1/admin/dishonest-owners/{creditCode}', { params: { path: { creditCode } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.dishonestOwners() }),
  })
  return (
    <>
      <Typography.Title level={1}>失信名单</Typography.Title>
      <Typography.Paragraph>
        列入失信名单的建设单位，申请时不适用容缺受理和告知承诺：材料须全部提交，事项按一般程序审查。名单由信用主管部门公布，在此登记或移出。
      </Typography.Paragraph>
      {manages && (
        <Card
          title={<h2 style={{ fontSize: 16, margin: 0 }}>列入失信名单</h2>}
          size="small"
          style={{ marginBottom: 16 }}
        >
          <section aria-label="列入失信名单">
            <ProblemAlert error={list.error} />
            {list.isSuccess && (
              <Typography.Paragraph>已将 {list.data.owner.creditCode} 列入失信名单。</Typography.Paragraph>
            )}
            <Form<Values> form={form} name="list-dishonest-owner" layout="vertical" onFinish={(v) => list.mutate(v)}>
              <Flex gap={8} wrap>
                <Form.Item
                  name="creditCode"
                  label="统一社会信用代码"
                  normalize={(v: string | undefined) => v?.trim()}
                  rules={[
                    { required: true, message: '请输入统一社会信用代码' },
                    {
                      validator: (_, value: string | undefined) => {
                        const problem = value ? creditCodeProblem(value) : undefined
                        return problem ? Promise.reject(new Error(problem)) : Promise.resolve()
                      },
                    },
                  ]}
                >
                  <Input maxLength={18} style={{ width: 260 }} />
                </Form.Item>
                <Form.Item
                  name="reason"
                  label="列入理由"
                  style={{ flex: 1, minWidth: 280 }}
                  rules={[
                    { required: true, whitespace: true, message: '请填写列入理由（如信用主管部门的决定文号）' },
                    { max: MAX_REASON, message: `不超过 ${MAX_REASON} 个字符` },
                  ]}
                >
                  <Input.TextArea rows={2} maxLength={MAX_REASON} showCount />
                </Form.Item>
              </Flex>
              <Button type="primary" htmlType="submit" loading={list.isPending}>
                列入失信名单
              </Button>
            </Form>
          </section>
        </Card>
      )}
      <section aria-label="失信建设单位">
        <ProblemAlert error={listed.error} />
        <ProblemAlert error={remove.error} />
        <Table<Listing>
          rowKey="creditCode"
          loading={listed.isPending}
          dataSource={listed.data?.owners ?? []}
          pagination={false}
          size="small"
          locale={{ emptyText: '失信名单中暂无建设单位' }}
          columns={[
            {
              title: '统一社会信用代码',
              key: 'creditCode',
              render: (_, o) => <Typography.Text code>{o.creditCode}</Typography.Text>,
            },
            { title: '列入理由', key: 'reason', render: (_, o) => o.reason ?? '（未记录理由）' },
            { title: '列入时间', key: 'listedAt', render: (_, o) => chineseDateTime(o.listedAt) },
            { title: '登记人', dataIndex: 'listedBy' },
            ...(manages
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    render: (_: unknown, o: Listing) => (
                      <Popconfirm
                        title={`将 ${o.creditCode} 移出失信名单？`}
                        description="移出后，该单位此后的申请可以适用容缺受理和告知承诺。"
                        okText="移出"
                        cancelText="取消"
                        onConfirm={() => remove.mutate(o.creditCode)}
                      >
                        <Button size="small" loading={remove.isPending && remove.variables === o.creditCode}>
                          移出
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </section>
    </>
  )
}
