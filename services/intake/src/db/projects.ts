import type { RegisterProjectBody } from '@onewindow/contracts'
import type { ProjectRegistration } from '../domain/project.js'
import type { Project } from '../generated/client.js'
import type { Tx } from './client.js'

/** The project as the service answers it. */
export const projectView = (p: Project) => ({
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

export const findProject = async (tx: Tx, id: string): Promise<Project | undefined> =>
  (await tx.project.findUnique({ where: { id } })) ?? undefined

/** The project, locked for this transaction: two openings of one project queue instead of both passing the check. */
export async function lockProject(tx: Tx, id: string): Promise<Project | undefined> {
  const locked = await tx.$queryRaw<
    Array<{ id: string }>
  >`SELECT id::text AS id FROM project WHERE id = ${id}::uuid FOR UPDATE`
  return locked.length === 0 ? undefined : findProject(tx, id)
}

/** Inserts the project unless its code is taken; returns undefined when it is. */
export async function insertProject(
  tx: Tx,
  row: { id: string; body: RegisterProjectBody; registration: ProjectRegistration; at: Date; by: string },
): Promise<Project | undefined> {
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

/** 失信: listing an owner already listed keeps its first listing. */
export async function listDishonestOwner(tx: Tx, row: { creditCode: string; at: Date; by: string }): Promise<void> {
  await tx.dishonestOwner.upsert({
    where: { creditCode: row.creditCode },
    create: { creditCode: row.creditCode, listedAt: row.at, listedBy: row.by },
    update: {},
  })
}

export async function delistDishonestOwner(tx: Tx, creditCode: string): Promise<void> {
  await tx.dishonestOwner.deleteMany({ where: { creditCode } })
}

export const isDishonest = async (tx: Tx, creditCode: string): Promise<boolean> =>
  (await tx.dishonestOwner.findUnique({ where: { creditCode } })) !== null
