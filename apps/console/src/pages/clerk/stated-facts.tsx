import { Card, Form, Radio, Typography } from 'antd'
import { departmentName } from '../../departments'
import { type Catalogue, conditionsOf, type ProjectType } from './catalogue'

/** One fact a follow-on's condition reads (`onlyIf`), asked of the applicant as 是 / 否 in the step's form. */
export type StatedFact = { fact: string; label: string }

/** A follow-on of the step that opens only on facts stated in the application, with what it asks. */
export type ConditionedFollowOn = {
  item: string
  itemName: string
  afterName: string
  departmentName: string
  facts: StatedFact[]
}

/**
 * 后续事项 on facts stated (004:1814): the type's follow-ons of the step's items with an `onlyIf`, each with the facts
 * its rules read, worded as the catalogue words each rule (建筑物门口朝向已确定).
 */
export function conditionedFollowOns(
  catalogue: Catalogue,
  type: ProjectType | undefined,
  items: readonly string[],
): ConditionedFollowOn[] {
  return (type?.followOns ?? []).flatMap((f) => {
    if (!f.onlyIf || !items.includes(f.after)) return []
    const item = catalogue.items.find((i) => i.code === f.item)
    const after = catalogue.items.find((i) => i.code === f.after)
    const department = item ? catalogue.departments.find((d) => d.code === item.department) : undefined
    const facts = f.onlyIf.flatMap((rule) =>
      conditionsOf(rule).map((c) => ({ fact: c.fact, label: rule.description.zh })),
    )
    return [
      {
        item: f.item,
        itemName: item?.name.zh ?? f.item,
        afterName: after?.name.zh ?? f.after,
        departmentName: department?.name.zh ?? departmentName(item?.department ?? ''),
        facts,
      },
    ]
  })
}

/** The answers as the form sends them: each fact answered, true or false; one not answered is not stated. */
export function statedFactsOf(values: Record<string, boolean | undefined> | undefined): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(values ?? {}).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'),
  )
}

/** The applicant's statements a conditioned follow-on needs, 是 / 否 each; left unanswered, it is not stated. */
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
            <Form.Item key={fact.fact} label={fact.label} name={['stated', fact.fact]}>
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
