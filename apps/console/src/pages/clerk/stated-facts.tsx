import { Card, Form, Radio, Typography } from 'antd'
import type { ConditionedFollowOn } from './stated-facts-model'

/**
 * The applicant's statements a conditioned follow-on needs, 是 / 否 each, every one required while the card is shown:
 * one left unanswered would silently withhold the follow-on (the API still takes an absent fact as not stated).
 */
export function StatedFactsCard({ followOns }: { followOns: readonly ConditionedFollowOn[] }) {
  if (followOns.length === 0) return null
  return (
    <Card title="建设单位申报时声明" size="small" style={{ marginBottom: 16 }}>
      {followOns.map((f) => (
        <div key={f.item}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            以下均为「是」时，{f.afterName}核发后资料同时共享给{f.departmentName}办理{f.itemName}
            ，建设单位无需另行申请； 否则需另行向{f.departmentName}申领。
          </Typography.Paragraph>
          {f.facts.map((fact) => (
            <Form.Item
              key={fact.fact}
              label={fact.label}
              name={['stated', fact.fact]}
              rules={[{ required: true, message: `请选择「${fact.label}」是或否` }]}
            >
              <Radio.Group
                role="radiogroup"
                aria-label={fact.label}
                options={[
                  { value: true, label: '是' },
                  { value: false, label: '否' },
                ]}
              />
            </Form.Item>
          ))}
        </div>
      ))}
    </Card>
  )
}
