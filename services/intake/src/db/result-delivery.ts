import { ResultDelivery, ResultDeliveryChoice } from '@onewindow/contracts'
import { storedState } from '@onewindow/db'
import type { DeliveredApplication } from '../domain/result-delivery.js'
import type { Tx } from './client.js'

// Copied from a checked body or an event this service built: checked on the way back in all the same, as every
// stored state (db/applications.ts), so a damaged row is named rather than delivered wrong. NULL: none yet.
const choiceState = storedState('result delivery choice', ResultDeliveryChoice)
const deliveryState = storedState('result delivery', ResultDelivery)
const readChoice = (id: string, value: unknown) =>
  value === null || value === undefined ? undefined : choiceState.parsed(id, value)
const readDelivery = (id: string, value: unknown) =>
  value === null || value === undefined ? undefined : deliveryState.parsed(id, value)

/** The choice made at the window, kept with the application it was made for. */
export async function keepDeliveryChoice(tx: Tx, applicationId: string, choice: ResultDeliveryChoice, at: Date) {
  await tx.resultDelivery.create({ data: { applicationId, choice, updatedAt: at } })
}

/** The application's choice and delivery, its row locked (the caller holds the application's lock or takes this one). */
export async function lockDelivery(
  tx: Tx,
  applicationId: string,
): Promise<{ choice?: ResultDeliveryChoice; delivery?: ResultDelivery } | undefined> {
  const rows = await tx.$queryRaw<Array<{ choice: unknown; delivery: unknown }>>`
    SELECT choice, delivery FROM result_delivery WHERE application_id = ${applicationId}::uuid FOR UPDATE`
  const row = rows[0]
  if (!row) return undefined
  const choice = readChoice(applicationId, row.choice)
  const delivery = readDelivery(applicationId, row.delivery)
  return { ...(choice ? { choice } : {}), ...(delivery ? { delivery } : {}) }
}

/** The application's delivery as it stands, read without a lock (a read answers it; no command follows). */
export async function findDelivery(tx: Tx, applicationId: string): Promise<ResultDelivery | undefined> {
  const row = await tx.resultDelivery.findUnique({ where: { applicationId }, select: { delivery: true } })
  return row ? readDelivery(applicationId, row.delivery) : undefined
}

/**
 * What a delivery names of its application — its step's name, receipt number and owner — and where the catalogue it
 * was accepted under is found: the project's region and the application's pin.
 */
export async function deliveredApplication(
  tx: Tx,
  applicationId: string,
): Promise<{ application: DeliveredApplication; region: string; pin: string } | undefined> {
  const row = await tx.application.findUnique({
    where: { id: applicationId },
    select: {
      projectId: true,
      step: true,
      stepName: true,
      receiptNumber: true,
      catalogueVersion: true,
      project: { select: { ownerCreditCode: true, region: true } },
    },
  })
  if (!row) return undefined
  return {
    application: {
      applicationId,
      projectId: row.projectId,
      step: row.step,
      stepName: row.stepName,
      receiptNumber: row.receiptNumber,
      ownerCreditCode: row.project.ownerCreditCode,
    },
    region: row.project.region,
    pin: row.catalogueVersion,
  }
}

/** The delivery as it now stands, with the choice it came from left as it was. */
export async function storeDelivery(tx: Tx, delivery: ResultDelivery, at: Date) {
  await tx.resultDelivery.upsert({
    where: { applicationId: delivery.applicationId },
    create: { applicationId: delivery.applicationId, delivery, updatedAt: at },
    update: { delivery, updatedAt: at },
  })
}
