import { Radio } from 'antd'
import { SATISFACTION_NAMES, type Ticket } from './names'

export type Satisfaction = NonNullable<Ticket['ratings'][number]['value']>

/** The five options of 第二十七条 (三) (非常满意 … 非常不满意), one radio group under the label given. */
export function SatisfactionChoice(props: {
  label: string
  value?: Satisfaction
  onChange: (v: Satisfaction) => void
}) {
  return (
    <Radio.Group
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value as Satisfaction)}
      options={(Object.keys(SATISFACTION_NAMES) as Satisfaction[]).map((v) => ({
        value: v,
        label: SATISFACTION_NAMES[v],
      }))}
    />
  )
}
