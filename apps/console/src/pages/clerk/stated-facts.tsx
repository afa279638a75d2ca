import { Alert, Card, Form, Radio, Typography } from 'antd'
import { type ConditionedFollowOn, followOnOutcome, followOnRule } from './stated-facts-model'

/**
 * The applicant's statements a conditioned follow-on needs, 是 / 否 each, every one required while the card is shown:
 * one left unanswered would silently withhold the follow-on (the API still takes an absent fact as not stated).
 */
export function StatedFactsCard({ followOns }: { followOns: readonly ConditionedFollowOn[] }) {
  // The answers as they are chosen, so the card says what they decide before anything is sent.
  const answers = Form.useWatch<Record<string, boolean | undefined> | undefined>('stated', { preserve: true })
  if (followOns.length === 0) return null
  return (
    <Card title="建设单位申报时声明" size="small" style={{ marginBottom: 16 }}>
      {followOns.map((f) => (
        <div key={f.item}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {followOnRule(f)}
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
          <FollowOnOutcome followOn={f} answers={answers} />
        </div>
      ))}
    </Card>
  )
}

function FollowOnOutcome({
  followOn,
  answers,
}: {
  followOn: ConditionedFollowOn
  answers: Record<string, boolean | undefined> | undefined
}) {
  const outcome = followOnOutcome(followOn, answers)
  if (!outcome) return null
  return (
    <Alert
      role="status"
      data-follow-on-outcome={followOn.item}
      type={outcome.opens ? 'success' : 'warning'}
      showIcon
      title={outcome.text}
      style={{ marginBottom: 8 }}
    />
  )
}
