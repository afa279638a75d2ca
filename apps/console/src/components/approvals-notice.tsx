/** A step of the registered flow as the project and its status answer it: what the 审批事项告知 reads. */
export type NoticeStep = {
  step: string
  name: string
  items: readonly string[]
  itemNames?: readonly string[] | undefined
  skippedBy?: string | undefined
  exemptItems?:
    | ReadonlyArray<{ item: string; rule: string; reason?: string | undefined; source?: string | undefined }>
    | undefined
}

/** Whether the project's declared facts spared anything: a step (`skipIf`) or an item (`exemptIf`). */
export const sparesAny = (flow: readonly NoticeStep[]) =>
  flow.some((s) => s.skippedBy !== undefined || (s.exemptItems?.length ?? 0) > 0)

const CARD = {
  marginBottom: 16,
  padding: 12,
  border: '1px solid #f0f0f0',
  borderRadius: 8,
  background: '#fff',
} as const

const nameOf = (s: NoticeStep, item: string) => s.itemNames?.[s.items.indexOf(item)] ?? item

/**
 * 审批事项告知 (一次性告知建设单位需要办理的审批事项, 004:1842, 004:2181): decided at registration on the facts the owner
 * declared, per step the approvals to obtain and those spared, each spared one with its rule's reason and source line.
 * Shown only when something is spared: otherwise the flow itself lists every approval.
 */
export function ApprovalsNotice({ flow }: { flow: readonly NoticeStep[] }) {
  if (!sparesAny(flow)) return null
  return (
    // Plain elements, no antd: the owner's progress page fetches this part later and its first script stays within
    // issue 14's budget (apps/console/test/weight.unit.test.ts).
    <section aria-label="审批事项告知" style={CARD}>
      <h2 style={{ fontSize: 16, margin: '0 0 8px' }}>审批事项告知</h2>
      <p>根据项目登记时建设单位声明的情况，一次性告知本项目需要办理和免于办理的审批事项。</p>
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {flow.map((s) => {
          const spared = s.exemptItems ?? []
          const needed = s.items.filter((i) => !spared.some((e) => e.item === i))
          return (
            <li key={s.step}>
              <strong>{s.name}</strong>：
              {/* `skippedBy` is the rule's code, no words for a person: the step is said to be spared, no more. */}
              {s.skippedBy !== undefined
                ? '本环节无需办理'
                : needed.length > 0
                  ? `需办理 ${needed.map((i) => nameOf(s, i)).join('、')}`
                  : '本环节事项均免于办理'}
              {s.skippedBy === undefined && spared.length > 0 && (
                <ul style={{ paddingInlineStart: 20 }}>
                  {spared.map((e) => (
                    // The rule's seed line stays on the element for whoever traces it; a file name is no reason to an
                    // owner. A project registered before reasons were kept has only the rule's code: not shown either.
                    <li key={e.item} data-source={e.source}>
                      免于办理 {nameOf(s, e.item)}
                      {e.reason ? `：${e.reason}` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
