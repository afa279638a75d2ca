import type { Commission } from '../domain/survey.js'
import { Prisma } from '../generated/client.js'
import type { Tx } from './cases.js'

const parse = (r: { state: string }): Commission => JSON.parse(r.state) as Commission

/** 多测合一 rows; every statement runs in the caller's transaction. */
export const surveyRepository = (tx: Tx) => ({
  async find(commissionId: string, lock = false): Promise<Commission | undefined> {
    const [row] = await tx.$queryRaw<Array<{ state: string }>>`
      SELECT state::text AS state FROM survey_commission WHERE id = ${commissionId}::uuid
        ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
    return row ? parse(row) : undefined
  },

  async ofProject(projectId: string): Promise<Commission[]> {
    const rows = await tx.$queryRaw<Array<{ state: string }>>`
      SELECT state::text AS state FROM survey_commission WHERE project_id = ${projectId}::uuid
        ORDER BY CASE stage WHEN 'land-planning' THEN 1 WHEN 'permits' THEN 2 ELSE 3 END`
    return rows.map(parse)
  },

  async ofSurveyor(creditCode: string, limit: number): Promise<Commission[]> {
    const rows = await tx.$queryRaw<Array<{ state: string }>>`
      SELECT state::text AS state FROM survey_commission WHERE surveyor_credit_code = ${creditCode}
        ORDER BY updated_at DESC, id LIMIT ${limit}`
    return rows.map(parse)
  },

  /** False when the stage is commissioned already (a concurrent commission lost the race to the unique key). */
  async insert(c: Commission): Promise<boolean> {
    const n = await tx.$executeRaw`
      INSERT INTO survey_commission (id, project_id, stage, owner_credit_code, surveyor_credit_code, status, state, updated_at)
      VALUES (${c.commissionId}::uuid, ${c.projectId}::uuid, ${c.stage}, ${c.ownerCreditCode}, ${c.surveyor.creditCode},
              ${c.status}, ${JSON.stringify(c)}::jsonb, ${new Date(c.commissionedAt)})
      ON CONFLICT (project_id, stage) DO NOTHING`
    return n === 1
  },

  async save(c: Commission): Promise<void> {
    await tx.$executeRaw`
      UPDATE survey_commission SET status = ${c.status}, state = ${JSON.stringify(c)}::jsonb,
             updated_at = ${new Date(c.completedAt ?? c.commissionedAt)}
       WHERE id = ${c.commissionId}::uuid`
  },
})
