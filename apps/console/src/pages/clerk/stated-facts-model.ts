import { departmentName } from '../../departments'

/** A fact a follow-on of the step reads, as the project's pinned catalogue says it (the checklist's `statedFacts`). */
export type ChecklistStatedFact = {
  fact: string
  description: string
  /** The answer the follow-on needs (`true` 是, `false` 否); absent when the fact decides nothing alone. */
  required?: boolean
  followOn: { item: string; itemName: string; afterName: string; departmentName: string }
}

/** One fact a follow-on's condition reads (`onlyIf`), asked of the applicant as 是 / 否 in the step's form. */
export type StatedFact = { fact: string; label: string; required?: boolean }

/** A follow-on of the step that opens only on facts stated in the application, with what it asks. */
export type ConditionedFollowOn = {
  item: string
  itemName: string
  afterName: string
  departmentName: string
  facts: StatedFact[]
}

/**
 * 后续事项 on facts stated (004:1814): the step's conditioned follow-ons, each with the facts its rules read, worded as
 * the catalogue words each rule (建筑物门口朝向已确定). From the checklist, which reads the project's pinned catalogue
 * — the one intake decides the application on — so the desk asks what will be decided, whatever today's catalogue says.
 */
export function conditionedFollowOns(statedFacts: readonly ChecklistStatedFact[]): ConditionedFollowOn[] {
  const byItem = new Map<string, ConditionedFollowOn>()
  for (const s of statedFacts) {
    const f = s.followOn
    const known = byItem.get(f.item)
    const fact = { fact: s.fact, label: s.description, ...(s.required === undefined ? {} : { required: s.required }) }
    if (known) known.facts.push(fact)
    else {
      byItem.set(f.item, {
        item: f.item,
        itemName: f.itemName,
        afterName: f.afterName,
        departmentName: f.departmentName,
        facts: [fact],
      })
    }
  }
  return [...byItem.values()]
}

const yesNo = (v: boolean) => (v ? '是' : '否')

/**
 * The card's word on a conditioned follow-on, before any answer: each fact with the answer its rule needs (a `== false`
 * rule needs 否, so nothing here assumes 是), then what follows either way. A fact that decides nothing alone (asked
 * both ways by two rules) leaves the card saying only that the catalogue's conditions decide.
 */
export function followOnRule(f: ConditionedFollowOn): string {
  const shared = `${f.afterName}后，资料同时共享给${f.departmentName}办理${f.itemName}，建设单位无需另行申请`
  const otherwise = `需另行向${f.departmentName}申领`
  if (f.facts.some((x) => x.required === undefined))
    return `以下声明满足${f.itemName}的条件时，${shared}；否则${otherwise}。`
  const needs = f.facts.map((x) => `「${x.label}」为「${yesNo(x.required as boolean)}」`).join('、')
  return `申报时声明${needs}的，${shared}；否则${otherwise}。`
}

/**
 * What the answers given so far mean for the follow-on, each answer against the one its rule needs: undefined until
 * every fact is answered (or when a fact decides nothing alone), else shared or to be applied for, naming each answer
 * that withholds it — what intake's `decideFollowOns` will decide on the same answers.
 */
export function followOnOutcome(
  f: ConditionedFollowOn,
  answers: Readonly<Record<string, boolean | undefined>> | undefined,
): { opens: boolean; text: string } | undefined {
  if (f.facts.some((x) => x.required === undefined || typeof answers?.[x.fact] !== 'boolean')) return undefined
  const failing = f.facts.filter((x) => answers?.[x.fact] !== x.required)
  if (failing.length === 0)
    return {
      opens: true,
      text: `按所选声明：${f.afterName}后，资料同时共享给${f.departmentName}办理${f.itemName}，无需另行申请。`,
    }
  const why = failing.map((x) => `「${x.label}」为「${yesNo(answers?.[x.fact] as boolean)}」`).join('、')
  return {
    opens: false,
    text: `按所选声明：${why}，资料不随${f.afterName}共享给${f.departmentName}，${f.itemName}需另行向${f.departmentName}申领。`,
  }
}

/** A withheld follow-on as the 201 of an opening names it (`withheldFollowOns`), in the desk's success message. */
export type WithheldFollowOn = { item: string; itemName?: string; department: string; departmentName?: string }

/**
 * The desk's word on an opening that withheld follow-ons: 已受理 (or 已接件), and each one, to be applied for separately
 * (门牌号码核准发放需另行向汕尾市公安局申领) — said to the applicant at the window, not left to the owner's page.
 */
export function openedMessage(acceptedNow: boolean, withheld: readonly WithheldFollowOn[] | undefined): string {
  const done = acceptedNow ? '已受理。' : '已接件。'
  const separately = (withheld ?? []).map(
    (f) => `${f.itemName ?? f.item}需另行向${f.departmentName ?? departmentName(f.department)}申领`,
  )
  return separately.length > 0 ? `${done}${separately.join('；')}。` : done
}

/** The answers as the form sends them: each fact answered, true or false; one not answered is not stated. */
export function statedFactsOf(values: Record<string, boolean | undefined> | undefined): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(values ?? {}).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'),
  )
}
