import type { PlainSql } from './queries.js'
import { type Caller, queryAs } from './scope.js'

/** A page's position: the receipt day and application id of the last row it showed. */
export type ReceiptKey = { receivedOn: string; applicationId: string }

/** A received application (接件, national code 1) not yet decided, with its project as the read model has it. */
export type ReceiptRow = {
  applicationId: string
  projectId: string
  step: string | null
  stepName: string | null
  receiptNumber: string | null
  /** 分阶段办理: the phase received for, as intake's event carried it; null for the whole step or older events. */
  phase: unknown
  /** 按照单位工程办理: the unit work received for; null for the whole project or older events. */
  part: unknown
  receipt: unknown
  /** 收件清单 as intake's events carried it: null when they predate it; checked by the route, not here. */
  receivedMaterials: unknown
  /** 容缺 at 接件 as intake's event carried it: null when it predates it; checked by the route, not here. */
  owedMaterials: unknown
  projectCode: string
  projectName: string
  region: string
  ownerName: string
  ownerCreditCode: string
}

// Code 1 is the receipt's only undecided state: accepted (3, by the clerk or by law), withdrawn (2) and refused (4, 5)
// leave the list. Oldest receipt first, the order their five working days run out in.
const PAGE = `
  SELECT r.* FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (
    SELECT a.id AS "applicationId", a.project_id AS "projectId", a.step, a.step_name AS "stepName",
           a.receipt_number AS "receiptNumber", a.phase, a.part, a.receipt, a.received_materials AS "receivedMaterials",
           a.owed_materials AS "owedMaterials", p.project_code AS "projectCode", p.name AS "projectName",
           p.region, p.owner_name AS "ownerName", p.owner_credit_code AS "ownerCreditCode"
      FROM application a JOIN project p ON p.id = a.project_id
     WHERE caller.scoped
       AND a.receipt->>'nationalCode' = '1'
       AND ($5::text IS NULL OR (a.receipt->>'receivedOn', a.id) > ($5::text, $6::uuid))
     ORDER BY a.receipt->>'receivedOn', a.id
     LIMIT $7::int) r`

/** One page of the undecided receipts `caller` may read, after `after`; `next` when more may follow. */
export async function receiptPage(
  sql: PlainSql,
  caller: Caller,
  q: { after?: ReceiptKey; limit: number },
): Promise<{ rows: ReceiptRow[]; next?: ReceiptKey }> {
  const params = [q.after?.receivedOn ?? null, q.after?.applicationId ?? null, q.limit + 1]
  const rows = (await queryAs<ReceiptRow>(sql, caller, PAGE, params)).rows
  const shown = rows.slice(0, q.limit)
  const last = shown.at(-1)
  const receivedOn = (last?.receipt as { receivedOn?: unknown } | null)?.receivedOn
  return rows.length > q.limit && last
    ? { rows: shown, next: { receivedOn: String(receivedOn ?? ''), applicationId: last.applicationId } }
    : { rows: shown }
}
