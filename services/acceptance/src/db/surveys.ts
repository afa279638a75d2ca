import { SurveyCommissionSnapshot } from '@onewindow/contracts'
import { type StateRow, type StoredRows, storedState } from '@onewindow/db'
import type { Commission } from '../domain/survey.js'
import { Prisma } from '../generated/client.js'
import type { Tx } from './cases.js'

const commissionState = storedState('survey commission', SurveyCommissionSnapshot)
const parse = (row: StateRow): Commission => commissionState.one(row)

/** 多测合一 rows; every statement runs in the caller's transaction. */
export const surveyRepository = (tx: Tx) => {
  const projectRows = (projectId: string) => tx.$queryRaw<StateRow[]>`
    SELECT id::text AS id, state::text AS state FROM survey_commission WHERE project_id = ${projectId}::uuid
      ORDER BY CASE stage WHEN 'land-planning' THEN 1 WHEN 'permits' THEN 2 ELSE 3 END, part, id`
  return {
    async find(commissionId: string, lock = false): Promise<Commission | undefined> {
      const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM survey_commission WHERE id = ${commissionId}::uuid
        ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
      return row ? parse(row) : undefined
    },

    /** The project's commissions stage by stage, for a command: a damaged one fails it (nothing written). */
    async ofProject(projectId: string): Promise<Commission[]> {
      return (await projectRows(projectId)).map(parse)
    },

    /** The same for a list: a damaged commission is left out and named. */
    async listOfProject(projectId: string): Promise<StoredRows<Commission>> {
      return commissionState.each(await projectRows(projectId))
    },

    /** A surveying unit's worklist, newest change first; a damaged commission is left out and named. */
    async ofSurveyor(creditCode: string, limit: number): Promise<StoredRows<Commission>> {
      const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM survey_commission WHERE surveyor_credit_code = ${creditCode}
        ORDER BY updated_at DESC, id LIMIT ${limit}`
      return commissionState.each(rows)
    },

    /**
     * False when the stage (at completion: the building, or the whole project) is commissioned already — a concurrent
     * commission lost the race to the unique key. The whole project is stored as the part '', so it is one key too.
     */
    async insert(c: Commission): Promise<boolean> {
      const n = await tx.$executeRaw`
      INSERT INTO survey_commission (id, project_id, stage, part, owner_credit_code, surveyor_credit_code, status, state,
                                     updated_at)
      VALUES (${c.commissionId}::uuid, ${c.projectId}::uuid, ${c.stage}, ${c.part ?? ''}, ${c.ownerCreditCode},
              ${c.surveyor.creditCode}, ${c.status}, ${JSON.stringify(c)}::jsonb, ${new Date(c.commissionedAt)})
      ON CONFLICT (project_id, stage, part) DO NOTHING`
      return n === 1
    },

    async save(c: Commission): Promise<void> {
      await tx.$executeRaw`
      UPDATE survey_commission SET status = ${c.status}, state = ${JSON.stringify(c)}::jsonb,
             updated_at = ${new Date(c.completedAt ?? c.commissionedAt)}
       WHERE id = ${c.commissionId}::uuid`
    },
  }
}
