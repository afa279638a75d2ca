import type { SqlTx } from '@onewindow/messaging'
import type { Notice } from '../domain/notice.js'
import type { StepOutcome } from '../domain/step.js'
import type { OpenedStep, Task } from '../domain/task.js'

export type StepRow = OpenedStep & { outcome?: StepOutcome; decidedAt?: string }

type RawStep = {
  application_id: string
  project_id: string
  step: string | null
  with_deficiencies: boolean
  owner_credit_code: string | null
  outcome: StepOutcome | null
  decided_at: string | null
}

const STEP_COLUMNS = `application_id::text, project_id::text, step, with_deficiencies, owner_credit_code, outcome,
  to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS decided_at`

const toStep = (r: RawStep): StepRow => ({
  applicationId: r.application_id,
  projectId: r.project_id,
  ...(r.step ? { step: r.step } : {}),
  withDeficiencies: r.with_deficiencies,
  ...(r.owner_credit_code ? { ownerCreditCode: r.owner_credit_code } : {}),
  ...(r.outcome ? { outcome: r.outcome } : {}),
  ...(r.decided_at ? { decidedAt: r.decided_at } : {}),
})

const parseTask = (r: { state: string }): Task => JSON.parse(r.state) as Task

/** Plain objects in and out; every statement runs in the caller's transaction. */
export const taskRepository = (tx: SqlTx) => ({
  /** The step of a newly accepted application; false when it is already known (the same acceptance again). */
  async insertStep(step: OpenedStep): Promise<boolean> {
    const n = await tx.$executeRawUnsafe(
      `INSERT INTO step (application_id, project_id, step, with_deficiencies, owner_credit_code)
       VALUES ($1::uuid, $2::uuid, $3, $4, $5) ON CONFLICT (application_id) DO NOTHING`,
      step.applicationId,
      step.projectId,
      step.step ?? null,
      step.withDeficiencies,
      step.ownerCreditCode ?? null,
    )
    return n === 1
  },

  /** N tasks in one statement. */
  async insertTasks(tasks: readonly Task[]): Promise<void> {
    if (tasks.length === 0) return
    await tx.$executeRawUnsafe(
      `INSERT INTO task (id, application_id, project_id, item, department, status, national_code, version, state, updated_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[],
                            $8::int[], $9::jsonb[], $10::timestamptz[])`,
      tasks.map((t) => t.taskId),
      tasks.map((t) => t.applicationId),
      tasks.map((t) => t.projectId),
      tasks.map((t) => t.item),
      tasks.map((t) => t.department),
      tasks.map((t) => t.status),
      tasks.map((t) => t.nationalCode),
      tasks.map((t) => t.version),
      tasks.map((t) => JSON.stringify(t)),
      tasks.map((t) => t.updatedAt),
    )
  },

  /** The step row, locked: every command on an application takes this lock first, then its task rows. */
  async lockStep(applicationId: string): Promise<StepRow | undefined> {
    const [row] = await tx.$queryRawUnsafe<RawStep[]>(
      `SELECT ${STEP_COLUMNS} FROM step WHERE application_id = $1::uuid FOR UPDATE`,
      applicationId,
    )
    return row ? toStep(row) : undefined
  },

  async findStep(applicationId: string): Promise<StepRow | undefined> {
    const [row] = await tx.$queryRawUnsafe<RawStep[]>(
      `SELECT ${STEP_COLUMNS} FROM step WHERE application_id = $1::uuid`,
      applicationId,
    )
    return row ? toStep(row) : undefined
  },

  /** Decides the step once: the guard makes a second decision a no-op (false). */
  async decideStep(applicationId: string, outcome: StepOutcome, at: string): Promise<boolean> {
    const n = await tx.$executeRawUnsafe(
      `UPDATE step SET outcome = $2, decided_at = $3::timestamptz WHERE application_id = $1::uuid AND decided_at IS NULL`,
      applicationId,
      outcome,
      at,
    )
    return n === 1
  },

  async findTask(taskId: string, lock = false): Promise<Task | undefined> {
    const [row] = await tx.$queryRawUnsafe<Array<{ state: string }>>(
      `SELECT state::text AS state FROM task WHERE id = $1::uuid${lock ? ' FOR UPDATE' : ''}`,
      taskId,
    )
    return row ? parseTask(row) : undefined
  },

  /** Every task of the application, locked in id order (the step lock is already held). */
  async lockTasksOf(applicationId: string): Promise<Task[]> {
    const rows = await tx.$queryRawUnsafe<Array<{ state: string }>>(
      'SELECT state::text AS state FROM task WHERE application_id = $1::uuid ORDER BY id FOR UPDATE',
      applicationId,
    )
    return rows.map(parseTask)
  },

  async saveTasks(tasks: readonly Task[]): Promise<void> {
    if (tasks.length === 0) return
    await tx.$executeRawUnsafe(
      `UPDATE task SET status = u.status, national_code = u.national_code, version = u.version, state = u.state,
              updated_at = u.updated_at
         FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[], $5::jsonb[], $6::timestamptz[])
              AS u(id, status, national_code, version, state, updated_at)
        WHERE task.id = u.id`,
      tasks.map((t) => t.taskId),
      tasks.map((t) => t.status),
      tasks.map((t) => t.nationalCode),
      tasks.map((t) => t.version),
      tasks.map((t) => JSON.stringify(t)),
      tasks.map((t) => t.updatedAt),
    )
  },

  /** The application's open 补正 notice, locked. */
  async lockOpenNotice(applicationId: string): Promise<Notice | undefined> {
    const [row] = await tx.$queryRawUnsafe<Array<{ notice: string }>>(
      `${NOTICE_SELECT} WHERE open_for = $1::uuid FOR UPDATE`,
      applicationId,
    )
    return row ? (JSON.parse(row.notice) as Notice) : undefined
  },

  async lockNotice(noticeId: string): Promise<Notice | undefined> {
    const [row] = await tx.$queryRawUnsafe<Array<{ notice: string }>>(
      `${NOTICE_SELECT} WHERE id = $1::uuid FOR UPDATE`,
      noticeId,
    )
    return row ? (JSON.parse(row.notice) as Notice) : undefined
  },

  async saveNotice(notice: Notice, answer?: unknown): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO supplement_notice (id, application_id, project_id, open_for, status, version, requests, answer,
                                      issued_at, answered_at)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5, $6, $7::jsonb, $8::jsonb, $9::timestamptz, $10::timestamptz)
       ON CONFLICT (id) DO UPDATE SET open_for = EXCLUDED.open_for, status = EXCLUDED.status,
              version = EXCLUDED.version, requests = EXCLUDED.requests, answer = EXCLUDED.answer,
              issued_at = EXCLUDED.issued_at, answered_at = EXCLUDED.answered_at`,
      notice.noticeId,
      notice.applicationId,
      notice.projectId,
      notice.status === 'open' ? notice.applicationId : null,
      notice.status,
      notice.version,
      JSON.stringify(notice.requests),
      answer === undefined ? null : JSON.stringify(answer),
      notice.issuedAt,
      notice.answeredAt ?? null,
    )
  },
})

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

const NOTICE_SELECT = `SELECT json_strip_nulls(json_build_object(
    'noticeId', id, 'applicationId', application_id, 'projectId', project_id, 'version', version, 'status', status,
    'requests', requests, 'issuedAt', ${iso('issued_at')}, 'answeredAt', ${iso('answered_at')}))::text AS notice
  FROM supplement_notice`
