import { type BookingView, ClockLimit, RegisteredFlowStep, type RegisterProjectBody } from '@onewindow/contracts'
import { storedState } from '@onewindow/db'
import { type Static, Type } from 'typebox'
import type { ProjectRegistration } from '../domain/project.js'
import type { LatestApplication } from '../domain/step-order.js'
import type { Project } from '../generated/client.js'
import { type BookingRaw, bookingColumns, bookingView } from './bookings.js'
import type { Tx } from './client.js'
import { type LinkedLand, type LinkedLandRow, linkedLandColumns, linkedLandOf } from './land.js'

// A project's JSON columns are copied from its registration (domain/project.ts) and read by field, not kept as one
// state: each is checked on the way back in against what registration writes, as a state column is
// (docs/architecture.md#persistence), so a damaged project fails the command that reads it, named, and nowhere deeper.
const StoredFacts = Type.Record(
  Type.String(),
  Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Array(Type.String())]),
)
const projectColumns = {
  facts: storedState('project facts', StoredFacts),
  flow: storedState('project flow', Type.Array(RegisteredFlowStep)),
  cap: storedState('project cap', Type.Union([ClockLimit, Type.Null()])),
}

/** A project row with its JSON columns read back checked. */
export type StoredProject = Omit<Project, 'facts' | 'flow' | 'cap'> &
  Pick<ProjectRegistration, 'flow'> & { facts: Static<typeof StoredFacts>; cap: Static<typeof ClockLimit> | null }

/** The row's JSON columns checked ({@link UnreadableStoredRow} of `@onewindow/db` when one is damaged). */
export const storedProject = (p: Project): StoredProject => ({
  ...p,
  facts: projectColumns.facts.parsed(p.id, p.facts),
  flow: projectColumns.flow.parsed(p.id, p.flow),
  cap: projectColumns.cap.parsed(p.id, p.cap),
})

/** A project's registered flow read beside another row (db/assisted.ts), checked as {@link storedProject} checks it. */
export const storedFlow = (projectId: string, flow: unknown) => projectColumns.flow.parsed(projectId, flow)

/** The project as the service answers it. */
export const projectView = (p: StoredProject) => ({
  projectId: p.id,
  projectCode: p.projectCode,
  name: p.name,
  projectType: p.projectType,
  region: p.region,
  owner: { name: p.ownerName, creditCode: p.ownerCreditCode },
  siteAreaM2: p.siteAreaM2,
  floorAreaM2: p.floorAreaM2,
  heightM: p.heightM,
  investmentFen: Number(p.investmentFen),
  location: p.location,
  facts: p.facts,
  catalogueVersion: p.catalogueVersion,
  flow: p.flow,
  ...(p.cap ? { cap: p.cap } : {}),
  registeredAt: p.registeredAt.toISOString(),
})

export type ProjectView = ReturnType<typeof projectView>

export async function findProject(tx: Tx, id: string): Promise<StoredProject | undefined> {
  const row = await tx.project.findUnique({ where: { id } })
  return row ? storedProject(row) : undefined
}

/** What opening an application needs of its project, read with the project's row lock in one statement. */
export type ProjectForOpening = {
  project: StoredProject
  /**
   * The application of this step still open that the new one would overlap, if any: any of the step for the whole
   * project; for a building (按照单位工程), one of the whole project or of the same building — two buildings' run side
   * by side.
   */
  open?: { id: string; receiptNumber: string; part?: string }
  /** The owner is listed as dishonest (失信). */
  ownerDishonest: boolean
  /** 告知承诺 bar: the owner's bar that runs longest, if it has any (ended or not: the domain reads it against today). */
  commitmentBar?: CommitmentBar
  /** 网上预约: the step's bookings still `booked` (the domain says which one the new application attends). */
  bookings: BookingView[]
  /**
   * Each step's latest application, per phase of a phased step (domain/step-order.ts `standingOf`): open (received or
   * accepted), or approved or rejected as approval's StepDecidedV1 recorded it; a building's (按照单位工程) apart,
   * with its `part`. A withdrawn or refused receipt (撤件, 不受理, 不予受理) never stood for its step and is passed over.
   */
  standing: LatestApplication[]
  /** 区域评估 and 用地清单: the area and the plot the project is linked to (db/land.ts `linkedLandColumns`). */
  land: LinkedLand
}

/**
 * The project, locked for this transaction (two openings of one project queue instead of both passing the check),
 * then the step's open application, whether its owner is listed and the land it is linked to: two round trips
 * instead of five. The second read must be a statement of its own: under READ COMMITTED a statement that waited for
 * the lock still reads with the snapshot it began with, and would miss the application the lock's holder has just
 * committed.
 */
export async function lockProjectForOpening(
  tx: Tx,
  id: string,
  step: string,
  part: string | undefined,
): Promise<ProjectForOpening | undefined> {
  const [project] = await tx.$queryRaw<Project[]>`
    SELECT id::text AS id, project_code AS "projectCode", name, project_type AS "projectType", region,
           owner_name AS "ownerName", owner_credit_code AS "ownerCreditCode", site_area_m2 AS "siteAreaM2",
           floor_area_m2 AS "floorAreaM2", height_m AS "heightM", investment_fen AS "investmentFen", location, facts,
           catalogue_version AS "catalogueVersion", flow, cap, registered_at AS "registeredAt",
           registered_by AS "registeredBy"
      FROM project WHERE id = ${id}::uuid FOR UPDATE`
  if (!project) return undefined
  const [row] = await tx.$queryRaw<
    Array<
      LinkedLandRow & {
        openId: string | null
        openReceipt: string | null
        openPart: string | null
        dishonest: boolean
        bar: CommitmentBar | null
        standing: Array<{ step: string; phase: string | null; part?: string | null; status: string }>
        bookings: BookingRaw[] | null
      }
    >
  >`
    SELECT o.id::text AS "openId", o.receipt_number AS "openReceipt", o.part AS "openPart",
           EXISTS (SELECT 1 FROM dishonest_owner WHERE credit_code = ${project.ownerCreditCode}) AS dishonest,
           (SELECT jsonb_build_object('until', CASE WHEN isfinite(b.until) THEN to_char(b.until, 'YYYY-MM-DD')
                                                    ELSE b.until::text END,
                                      'item', b.item, 'department', b.department)
              FROM commitment_bar b WHERE b.credit_code = ${project.ownerCreditCode}
             ORDER BY b.until DESC, b.task_id LIMIT 1) AS bar,
           ${linkedLandColumns(id)},
           (SELECT coalesce(jsonb_agg(jsonb_build_object('step', l.step, 'phase', l.phase, 'part', l.part,
                                                         'status', l.status)), '[]'::jsonb)
              FROM (SELECT DISTINCT ON (a.step, a.phase->>'code', a.part) a.step, a.phase->>'code' AS phase, a.part,
                           a.status
                      FROM application a
                     WHERE a.project_id = ${id}::uuid AND a.status IN ('open', 'approved', 'rejected')
                     ORDER BY a.step, a.phase->>'code', a.part, a.received_at DESC) l) AS standing,
           (SELECT jsonb_agg(to_jsonb(k))
              FROM (SELECT ${bookingColumns} FROM booking b JOIN project p ON p.id = b.project_id
                     WHERE b.project_id = ${id}::uuid AND b.step = ${step} AND b.state = 'booked') k) AS bookings
      FROM (SELECT 1) AS one
      LEFT JOIN LATERAL (SELECT a.id, a.receipt_number, a.part FROM application a
                          WHERE a.project_id = ${id}::uuid AND a.step = ${step} AND a.status = 'open'
                            AND (${part ?? null}::text IS NULL OR a.part IS NULL OR a.part = ${part ?? null}::text)
                          ORDER BY a.received_at LIMIT 1) o ON true`
  return {
    project: storedProject(project),
    ...(row?.openId && row.openReceipt
      ? { open: { id: row.openId, receiptNumber: row.openReceipt, ...(row.openPart ? { part: row.openPart } : {}) } }
      : {}),
    ownerDishonest: row?.dishonest === true,
    ...(row?.bar ? { commitmentBar: row.bar } : {}),
    standing: (row?.standing ?? []).filter(
      (a): a is LatestApplication => a.status === 'open' || a.status === 'approved' || a.status === 'rejected',
    ),
    land: linkedLandOf(row),
    bookings: (row?.bookings ?? []).map(bookingView),
  }
}

/** Inserts the project unless its code is taken; returns undefined when it is. */
export async function insertProject(
  tx: Tx,
  row: { id: string; body: RegisterProjectBody; registration: ProjectRegistration; at: Date; by: string },
): Promise<StoredProject | undefined> {
  const { body, registration } = row
  const { count } = await tx.project.createMany({
    data: [
      {
        id: row.id,
        projectCode: body.projectCode,
        name: body.name,
        projectType: body.projectType,
        region: body.region,
        ownerName: body.owner.name,
        ownerCreditCode: body.owner.creditCode,
        siteAreaM2: body.siteAreaM2,
        floorAreaM2: body.floorAreaM2,
        heightM: body.heightM,
        investmentFen: BigInt(body.investmentFen),
        location: body.location,
        facts: registration.facts as object,
        catalogueVersion: registration.catalogueVersion,
        flow: registration.flow,
        ...(registration.cap ? { cap: registration.cap } : {}),
        registeredAt: row.at,
        registeredBy: row.by,
      },
    ],
    // ON CONFLICT DO NOTHING: a taken code is an answer (409), not an aborted transaction.
    skipDuplicates: true,
  })
  return count === 1 ? findProject(tx, row.id) : undefined
}

/** 告知承诺 bar — a breached commitment's bar on its owner, through `until` (inclusive). */
export type CommitmentBar = { until: string; item: string; department: string }

/**
 * 告知承诺 bar: approval's breach barring the owner, one per task (a redelivery or a replay changes nothing). A task may
 * bar its owner more than once — its 告知承诺 and each 容缺 material not made good (004:1860) — so the bar runs to the
 * latest day any of them set.
 */
export async function keepCommitmentBar(
  tx: Tx,
  bar: { taskId: string; creditCode: string; item: string; department: string; barredOn: string; until: string },
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO commitment_bar (task_id, credit_code, item, department, barred_on, until)
    VALUES (${bar.taskId}::uuid, ${bar.creditCode}, ${bar.item}, ${bar.department}, ${bar.barredOn}::date,
            ${bar.until}::date)
    ON CONFLICT (task_id) DO UPDATE SET until = GREATEST(commitment_bar.until, EXCLUDED.until)`
}

/** 失信 — one owner's listing as the admin routes answer it. */
export type DishonestListing = { creditCode: string; reason: string | null; listedAt: string; listedBy: string }

const listingOf = (row: { creditCode: string; reason: string | null; listedAt: Date; listedBy: string }) => ({
  creditCode: row.creditCode,
  reason: row.reason,
  listedAt: row.listedAt.toISOString(),
  listedBy: row.listedBy,
})

/**
 * 失信: listing an owner already listed keeps its first listing (and its reason); the listing as kept is answered, and
 * whether this call added it.
 */
export async function listDishonestOwner(
  tx: Tx,
  row: { creditCode: string; reason: string; at: Date; by: string },
): Promise<{ listing: DishonestListing; added: boolean }> {
  // ON CONFLICT DO NOTHING: a listing already there is the answer, and only a new one is a change to publish.
  const { count } = await tx.dishonestOwner.createMany({
    data: [{ creditCode: row.creditCode, reason: row.reason, listedAt: row.at, listedBy: row.by }],
    skipDuplicates: true,
  })
  const kept = await tx.dishonestOwner.findUnique({ where: { creditCode: row.creditCode } })
  if (!kept) throw new Error(`dishonest owner ${row.creditCode} vanished under its lock`)
  return { listing: listingOf(kept), added: count === 1 }
}

/**
 * 失信: the next version of the owner's listing, counted under the version row's lock, so two changes of one owner
 * are numbered in the order they commit (a delisting waits on the listing it deletes).
 */
export async function nextDishonestVersion(tx: Tx, creditCode: string): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ version: number }>>`
    INSERT INTO dishonest_owner_version (credit_code, version) VALUES (${creditCode}, 1)
    ON CONFLICT (credit_code) DO UPDATE SET version = dishonest_owner_version.version + 1
    RETURNING version`
  if (!row) throw new Error(`no version for dishonest owner ${creditCode}`)
  return row.version
}

/** 失信: the listed owners, newest listing first, at most `limit`; or the one owner asked for. */
export async function dishonestOwners(
  tx: Tx,
  filter: { creditCode?: string; limit: number },
): Promise<DishonestListing[]> {
  const rows = await tx.dishonestOwner.findMany({
    ...(filter.creditCode ? { where: { creditCode: filter.creditCode } } : {}),
    orderBy: [{ listedAt: 'desc' }, { creditCode: 'asc' }],
    take: filter.limit,
  })
  return rows.map(listingOf)
}

/** 失信: whether the owner was listed (delisting one not listed changes nothing and is no error). */
export async function delistDishonestOwner(tx: Tx, creditCode: string): Promise<boolean> {
  const { count } = await tx.dishonestOwner.deleteMany({ where: { creditCode } })
  return count > 0
}
