import {
  CertificateObjectionSnapshot,
  ClockLimit,
  Count,
  CreditCode,
  Instant,
  LegalDate,
  NamedUnit,
  RegistrationCaseSnapshot,
  SurveyResult,
  Uuid,
  WorksPartOnRecord,
} from '@onewindow/contracts'
import { instantKey, instantOfKey, type StateRow, storedState } from '@onewindow/db'
import { lockStateIfFree, nextNumber } from '@onewindow/messaging'
import { Type } from 'typebox'
import type { Case, CompletionSurvey } from '../domain/case.js'
import type { SignedCertificateValue } from '../domain/certificate.js'
import type { IssueClock } from '../domain/issue-clock.js'
import type { Objection } from '../domain/objection.js'
import type { Revocation } from '../domain/revocation.js'
import { Prisma } from '../generated/client.js'

/** The registration service's transaction: its Prisma client inside `$transaction`. */
export type Tx = Prisma.TransactionClient

export type FlowStep = { step: string; items: string[] }

export type ProjectRow = {
  projectId: string
  projectType: string
  region: string
  owner: { name: string; creditCode: string }
  flow?: FlowStep[]
  siteAreaM2?: number
  floorAreaM2?: number
  location?: string
  /** The catalogue pin it was registered under; absent for projects copied before it was kept. */
  catalogueVersion?: string
}

/** The `state` column as stored: the snapshot the events carry, with what deciding needs (domain/case.ts `Case`). */
const StoredCase = Type.Intersect([
  RegistrationCaseSnapshot,
  Type.Object({
    // As the project was registered (ProjectRegisteredV1).
    projectType: Type.String({ minLength: 1 }),
    region: Type.String({ minLength: 1 }),
    owner: Type.Object({ name: Type.String({ minLength: 1 }), creditCode: CreditCode }),
    registrationWithAcceptance: Type.Boolean(),
    limit: Type.Optional(ClockLimit),
    acceptancePassedOn: Type.Optional(LegalDate),
    acceptanceVersion: Type.Optional(Count(1)),
  }),
])
const caseState = storedState('registration case', StoredCase)

/** A kept completion survey (`completion_survey.survey`) as `onCompletionSurvey` wrote it: domain/case.ts `CompletionSurvey`. */
const StoredCompletionSurvey = Type.Object({
  commissionId: Uuid,
  // As the event carried it (as wide as events are: a name from before WorksPart's pattern still reads).
  part: Type.Optional(WorksPartOnRecord),
  // The survey's results as the event carried them (SurveyResult), of which the pre-survey reads item and area.
  results: Type.Array(Type.Object({ item: SurveyResult.properties.item, areaM2: SurveyResult.properties.areaM2 }), {
    maxItems: 20,
  }),
  surveyor: Type.Optional(Type.Object({ name: NamedUnit.properties.name })),
  completedAt: Type.Optional(Instant),
})
const completionSurveyState = storedState('completion survey', StoredCompletionSurvey)
const parseCase = (row: StateRow): Case => caseState.one(row)
const objectionState = storedState('certificate objection', CertificateObjectionSnapshot)

type IssueClockRow = {
  applicationId: string
  projectId: string
  step: string | null
  decidedOn: string | null
  clock: IssueClock['clock'] | null
  issuedOn: string | null
  warnedOn: string | null
  overdueOn: string | null
}
const issueClockOf = (r: IssueClockRow): IssueClock => ({
  applicationId: r.applicationId,
  projectId: r.projectId,
  ...(r.step === null ? {} : { step: r.step }),
  ...(r.decidedOn === null ? {} : { decidedOn: r.decidedOn }),
  ...(r.clock === null ? {} : { clock: r.clock }),
  ...(r.issuedOn === null ? {} : { issuedOn: r.issuedOn }),
  ...(r.warnedOn === null ? {} : { warnedOn: r.warnedOn }),
  ...(r.overdueOn === null ? {} : { overdueOn: r.overdueOn }),
})
// A DATE column: midnight UTC of the legal day reads back as the same YYYY-MM-DD.
const dateOf = (day: string | undefined) => (day === undefined ? null : new Date(`${day}T00:00:00Z`))
const json = (value: unknown) => value as Prisma.InputJsonValue

/**
 * The class of the transaction advisory lock on a project's completion surveys (`pg_advisory_xact_lock(class,
 * hashtext(project))`): 'owrs' in ASCII, apart from messaging's relay and calendar locks.
 */
const SURVEY_LOCK_CLASS = 0x6f77_7273

/** Plain objects in and out; every statement runs in the caller's transaction. */
/** Where a page of objections ends: the last one's `raised_at` as key text (`instantKey`, @onewindow/db) and id. */
export type ObjectionKey = { raisedAt: string; id: string }

export const registrationRepository = (tx: Tx) => ({
  /**
   * The project as intake registered it; a repeat of the same registration changes nothing. Of the flow only each
   * step's code and items are kept.
   */
  async insertProject(p: ProjectRow & { registeredAt: string }): Promise<void> {
    await tx.project.createMany({
      data: {
        id: p.projectId,
        projectType: p.projectType,
        region: p.region,
        ownerName: p.owner.name,
        ownerCreditCode: p.owner.creditCode,
        flow: p.flow === undefined ? Prisma.DbNull : json(p.flow.map((f) => ({ step: f.step, items: f.items }))),
        siteAreaM2: p.siteAreaM2 ?? null,
        floorAreaM2: p.floorAreaM2 ?? null,
        location: p.location ?? null,
        catalogueVersion: p.catalogueVersion ?? null,
        registeredAt: p.registeredAt,
      },
      skipDuplicates: true,
    })
  },

  async findProject(projectId: string): Promise<ProjectRow | undefined> {
    const r = await tx.project.findUnique({ where: { id: projectId } })
    if (!r) return undefined
    return {
      projectId: r.id,
      projectType: r.projectType,
      region: r.region,
      owner: { name: r.ownerName, creditCode: r.ownerCreditCode },
      ...(r.flow === null ? {} : { flow: r.flow as unknown as FlowStep[] }),
      ...(r.siteAreaM2 === null ? {} : { siteAreaM2: r.siteAreaM2 }),
      ...(r.floorAreaM2 === null ? {} : { floorAreaM2: r.floorAreaM2 }),
      ...(r.location === null ? {} : { location: r.location }),
      ...(r.catalogueVersion === null ? {} : { catalogueVersion: r.catalogueVersion }),
    }
  },

  async findCase(caseId: string, lock = false): Promise<Case | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM registration_case WHERE id = ${caseId}::uuid
      ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
    return row ? parseCase(row) : undefined
  },

  /**
   * Open cases with a clock, after `after` in id order: the ones whose clocks may call for an alert. A case whose
   * acceptance pass was revoked completes nothing, so its clock is not watched (as `raiseClockAlerts` says).
   */
  async openCasesWithClock(after: string | undefined, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text FROM registration_case
       WHERE status = 'open' AND state ? 'clock' AND NOT coalesce(state->'acceptanceResults' ? 'passRevoked', false)
             ${after === undefined ? Prisma.empty : Prisma.sql`AND id > ${after}::uuid`}
       ORDER BY id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /** The case locked for this transaction, or nothing when another holds it (a replica's pass, a registrar). */
  lockCaseIfFree: (caseId: string) => lockStateIfFree(tx, Prisma.sql`registration_case`, caseId, caseState),

  /**
   * The project's case of `part` (none: of the whole project) still in pre-survey, locked (多测合一: the completion
   * survey of that building passes it).
   */
  async findPreSurveyCaseOfProject(projectId: string, part: string | undefined): Promise<Case | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM registration_case
       WHERE project_id = ${projectId}::uuid AND status = 'pre-survey'
         AND (state->>'part') IS NOT DISTINCT FROM ${part || null}::text
       ORDER BY opened_at DESC LIMIT 1 FOR UPDATE`
    return row ? parseCase(row) : undefined
  },

  /**
   * 多测合一 — the project's completion surveys, locked until the transaction ends: a survey kept and a case created
   * for the same project then run one after the other, so the one that commits second sees the other (under READ
   * COMMITTED each would otherwise miss the other's uncommitted row, and the case would wait without its survey).
   * Taken before any case's row lock, by both, so the two locks are always taken in one order.
   */
  async lockSurveysOfProject(projectId: string): Promise<void> {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${SURVEY_LOCK_CLASS}::int, hashtext(${projectId}))::text`
  },

  /** Keeps a completion survey; the same commission again (a redelivery) changes nothing. */
  async keepCompletionSurvey(projectId: string, survey: CompletionSurvey, receivedAt: string): Promise<void> {
    await tx.completionSurvey.createMany({
      data: {
        commissionId: survey.commissionId,
        projectId,
        part: survey.part || null,
        survey: json(survey),
        receivedAt,
      },
      skipDuplicates: true,
    })
  },

  /** The project's kept completion surveys, the latest first: which of them a case may use is the domain's to say. */
  async completionSurveysOf(projectId: string): Promise<CompletionSurvey[]> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT commission_id::text AS id, survey::text AS state FROM completion_survey
       WHERE project_id = ${projectId}::uuid ORDER BY received_at DESC, commission_id DESC`
    // A kept survey that does not read as one is passed over, not allowed to stop the case: it then waits for the
    // registrar's pass-pre-survey, as one whose survey never came.
    return completionSurveyState.each(rows).rows
  },

  /** The case of a joint acceptance case, locked: both acceptance consumers take this lock before deciding. */
  async findCaseByAcceptance(acceptanceCaseId: string): Promise<Case | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM registration_case
       WHERE acceptance_case_id = ${acceptanceCaseId}::uuid
         FOR UPDATE`
    return row ? parseCase(row) : undefined
  },

  /**
   * Inserts the case unless its acceptance case already has one (a racing consumer inserted it first) or another case
   * has its number (the sequence was set back by hand): answers whether this insert won.
   */
  async insertCase(c: Case): Promise<boolean> {
    const { count } = await tx.registrationCase.createMany({
      data: {
        id: c.caseId,
        projectId: c.projectId,
        acceptanceCaseId: c.acceptanceCaseId,
        caseNumber: c.caseNumber ?? null,
        status: c.status,
        version: c.version,
        state: json(c),
        openedAt: c.openedAt,
        updatedAt: c.updatedAt,
      },
      skipDuplicates: true,
    })
    return count === 1
  },

  async saveCase(c: Case): Promise<void> {
    await tx.registrationCase.updateMany({
      where: { id: c.caseId },
      data: { status: c.status, version: c.version, state: json(c), updatedAt: c.updatedAt },
    })
  },

  /**
   * A step's issuing clock (行政许可法第四十四条): as it stands, under its row lock (`lock`), or only when no other
   * transaction holds it (`skipLocked`: a replica's scan).
   */
  async findIssueClock(
    applicationId: string,
    lock: 'none' | 'lock' | 'skipLocked' = 'none',
  ): Promise<IssueClock | undefined> {
    const rows = await tx.$queryRaw<Array<IssueClockRow>>`
      SELECT application_id::text AS "applicationId", project_id::text AS "projectId", step,
             to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn", clock,
             to_char(issued_on, 'YYYY-MM-DD') AS "issuedOn", to_char(warned_on, 'YYYY-MM-DD') AS "warnedOn",
             to_char(overdue_on, 'YYYY-MM-DD') AS "overdueOn"
        FROM issue_clock WHERE application_id = ${applicationId}::uuid
      ${lock === 'lock' ? Prisma.sql`FOR UPDATE` : lock === 'skipLocked' ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty}`
    const [row] = rows
    return row ? issueClockOf(row) : undefined
  },

  async saveIssueClock(c: IssueClock): Promise<void> {
    const fields = {
      projectId: c.projectId,
      step: c.step ?? null,
      decidedOn: dateOf(c.decidedOn),
      clock: c.clock === undefined ? Prisma.DbNull : json(c.clock),
      issuedOn: dateOf(c.issuedOn),
      warnedOn: dateOf(c.warnedOn),
      overdueOn: dateOf(c.overdueOn),
    }
    await tx.issueClock.upsert({
      where: { applicationId: c.applicationId },
      create: { applicationId: c.applicationId, ...fields },
      update: fields,
    })
  },

  /**
   * Running issuing clocks after `after` in id order, at most `limit`: with `alertsOwed`, only those with an alert
   * not raised yet (the scan's candidates); without, every one (re-projection on a published calendar).
   */
  async runningIssueClocks(after: string | undefined, limit: number, alertsOwed = true): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT application_id::text AS id FROM issue_clock
       WHERE issued_on IS NULL AND clock IS NOT NULL
             ${alertsOwed ? Prisma.sql`AND (warned_on IS NULL OR overdue_on IS NULL)` : Prisma.empty}
             ${after === undefined ? Prisma.empty : Prisma.sql`AND application_id > ${after}::uuid`}
       ORDER BY application_id LIMIT ${limit}`
    return rows.map((r) => r.id)
  },

  /**
   * The next number of a scope (`permit/2026`, `case/440600/2026`), under the scope's row lock (messaging's
   * `nextNumber`).
   */
  nextNumber: (scope: string): Promise<number> => nextNumber(tx, scope),

  /** The unit code of the project's most recently issued property certificate, if it has one. */
  async earlierUnitCode(projectId: string): Promise<string | undefined> {
    const [row] = await tx.$queryRaw<Array<{ unit_code: string | null }>>`
      SELECT signed->'body'->>'unitCode' AS unit_code FROM certificate
       WHERE project_id = ${projectId}::uuid AND kind = 'property'
       ORDER BY issued_at DESC, id DESC LIMIT 1`
    return row?.unit_code ?? undefined
  },

  /** The certificate issued for a source (`permit/<application>/<item>`), under its row lock. */
  async lockCertificateBySource(sourceKey: string): Promise<SignedCertificateValue | undefined> {
    const [row] = await tx.$queryRaw<Array<{ signed: SignedCertificateValue }>>`
      SELECT signed FROM certificate WHERE source_key = ${sourceKey} FOR UPDATE`
    return row?.signed
  },

  async hasCertificate(sourceKey: string): Promise<boolean> {
    return (await tx.certificate.count({ where: { sourceKey } })) > 0
  },

  async insertCertificate(c: SignedCertificateValue, sourceKey: string, issuedAt: string): Promise<void> {
    await tx.certificate.create({
      data: {
        id: c.body.certificateId,
        kind: c.body.kind,
        number: c.body.number,
        projectId: c.body.projectId,
        sourceKey,
        keyId: c.keyId,
        signed: json(c),
        issuedAt,
      },
    })
  },

  async findCertificate(certificateId: string): Promise<SignedCertificateValue | undefined> {
    const row = await tx.certificate.findUnique({ where: { id: certificateId }, select: { signed: true } })
    return row ? (row.signed as unknown as SignedCertificateValue) : undefined
  },

  /** The certificate under its row lock, so two revocations of it run one after the other. */
  async lockCertificate(certificateId: string): Promise<SignedCertificateValue | undefined> {
    const [row] = await tx.$queryRaw<Array<{ signed: SignedCertificateValue }>>`
      SELECT signed FROM certificate WHERE id = ${certificateId}::uuid FOR UPDATE`
    return row?.signed
  },

  async findRevocation(certificateId: string): Promise<Revocation | undefined> {
    const row = await tx.certificateRevocation.findUnique({
      where: { certificateId },
      select: { revokedOn: true, reason: true, revokedAt: true, certificate: { select: { number: true } } },
    })
    return row
      ? {
          certificateId,
          number: row.certificate.number,
          revokedOn: row.revokedOn.toISOString().slice(0, 10),
          reason: row.reason,
          revokedAt: row.revokedAt.toISOString(),
        }
      : undefined
  },

  /** 撤销 of a decision whose certificate was not issued: recorded once, by the would-be certificate's key. */
  async recordRevokedDecision(
    sourceKey: string,
    d: { revokedOn: string; reason: string; revokedAt: string },
    revokedBy: string,
  ): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO revoked_permit_decision (source_key, revoked_on, reason, revoked_by, revoked_at)
      VALUES (${sourceKey}, ${d.revokedOn}::date, ${d.reason}, ${revokedBy}, ${d.revokedAt}::timestamptz)
      ON CONFLICT (source_key) DO NOTHING`
  },

  async isDecisionRevoked(sourceKey: string): Promise<boolean> {
    return (await tx.revokedPermitDecision.count({ where: { sourceKey } })) > 0
  },

  async insertRevocation(r: Revocation, revokedBy: string): Promise<void> {
    await tx.certificateRevocation.create({
      data: {
        certificateId: r.certificateId,
        // A DATE column: midnight UTC of the legal day reads back as the same YYYY-MM-DD.
        revokedOn: new Date(`${r.revokedOn}T00:00:00Z`),
        reason: r.reason,
        revokedBy,
        revokedAt: r.revokedAt,
      },
    })
  },
  /** 证照异议: the certificate's objections still open (under the certificate's row lock, taken by the caller). */
  async openObjectionsOf(certificateId: string): Promise<Objection[]> {
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM certificate_objection
       WHERE certificate_id = ${certificateId}::uuid AND status = 'open'`
    return rows.map((r) => objectionState.one(r))
  },

  /**
   * 证照异议 weighed by the first registration: the open objections to the project's permits not revoked (a revoked
   * permit is relied on no more). The permits are taken `FOR SHARE` first — an objection is raised under its
   * certificate's `FOR UPDATE` (`lockCertificate`) — so a completion and an objection to one of its permits are
   * ordered: the one that commits second sees the other.
   */
  async openObjectionsOnPermitsOf(projectId: string): Promise<Objection[]> {
    await tx.$queryRaw`
      SELECT id FROM certificate WHERE project_id = ${projectId}::uuid AND kind = 'permit' ORDER BY id FOR SHARE`
    const rows = await tx.$queryRaw<StateRow[]>`
      SELECT o.id::text AS id, o.state::text AS state
        FROM certificate_objection o JOIN certificate c ON c.id = o.certificate_id
       WHERE c.project_id = ${projectId}::uuid AND c.kind = 'permit' AND o.status = 'open'
         AND NOT EXISTS (SELECT 1 FROM certificate_revocation r WHERE r.certificate_id = c.id)
       ORDER BY o.raised_at, o.id`
    return rows.map((r) => objectionState.one(r))
  },

  async insertObjection(o: Objection): Promise<void> {
    await tx.certificateObjection.create({
      data: {
        id: o.objectionId,
        certificateId: o.certificateId,
        issuer: o.issuer,
        raisedBy: o.raisedBy,
        status: o.status,
        state: json(o),
        raisedAt: o.raisedAt,
        updatedAt: o.raisedAt,
      },
    })
  },

  async findObjection(objectionId: string, lock = false): Promise<Objection | undefined> {
    const [row] = await tx.$queryRaw<StateRow[]>`
      SELECT id::text AS id, state::text AS state FROM certificate_objection WHERE id = ${objectionId}::uuid
      ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`
    return row ? objectionState.one(row) : undefined
  },

  async saveObjection(o: Objection, at: string): Promise<void> {
    await tx.certificateObjection.updateMany({
      where: { id: o.objectionId },
      data: { status: o.status, state: json(o), updatedAt: at },
    })
  },

  /** The regions of the projects whose certificates `party` raised or is to answer an objection to. */
  async objectionRegionsOf(party: string): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ region: string }>>`
      SELECT DISTINCT p.region
        FROM certificate_objection o JOIN certificate c ON c.id = o.certificate_id JOIN project p ON p.id = c.project_id
       WHERE o.issuer = ${party} OR o.raised_by = ${party}`
    return rows.map((r) => r.region)
  },

  /**
   * A page of the objections `party` raised or is to answer, newest first, open or answered when asked, after `after`
   * (`raisedAt` as PostgreSQL's key text, `instantKey` of @onewindow/db, and id): `more` when rows follow it. With
   * `regions`, only those to certificates of projects in one of them.
   */
  async objectionsOf(
    party: string,
    status: 'open' | 'answered' | undefined,
    after: ObjectionKey | undefined,
    limit: number,
    regions?: readonly string[],
  ): Promise<{ objections: Objection[]; more: boolean; last: ObjectionKey | undefined }> {
    const rows = await tx.$queryRaw<Array<StateRow & { key: string }>>`
      SELECT id::text AS id, state::text AS state, ${instantKey(Prisma.sql`raised_at`)} AS key
        FROM certificate_objection
       WHERE (issuer = ${party} OR raised_by = ${party})
         ${status === 'open' ? Prisma.sql`AND status = 'open'` : status === 'answered' ? Prisma.sql`AND status <> 'open'` : Prisma.empty}
         ${after === undefined ? Prisma.empty : Prisma.sql`AND (raised_at, id) < (${instantOfKey(after.raisedAt)}, ${after.id}::uuid)`}
         ${
           regions === undefined
             ? Prisma.empty
             : Prisma.sql`AND certificate_id IN (SELECT c.id FROM certificate c JOIN project p ON p.id = c.project_id
                                                 WHERE p.region = ANY(${[...regions]}::text[]))`
         }
       ORDER BY raised_at DESC, id DESC LIMIT ${limit + 1}`
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return {
      objections: page.map((r) => objectionState.one(r)),
      more: rows.length > limit,
      last: last && { raisedAt: last.key, id: last.id },
    }
  },
})
