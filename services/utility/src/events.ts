import { UtilityConnectedV1, UtilityRequestAdvancedV1, UtilityRequestOpenedV1 } from '@onewindow/contracts'
import type { PendingEvent } from '@onewindow/messaging'
import type { UtilityRequest } from './domain/request.js'

const row =
  (event: typeof UtilityRequestOpenedV1 | typeof UtilityRequestAdvancedV1 | typeof UtilityConnectedV1) =>
  (request: UtilityRequest, actor?: string): PendingEvent => ({
    event,
    aggregateId: request.requestId,
    body: { request, ...(actor ? { actor } : {}) },
  })

/** The outbox rows: each carries the request whole as it stands after the change. */
export const openedRow = row(UtilityRequestOpenedV1)
export const advancedRow = row(UtilityRequestAdvancedV1)
export const connectedRow = row(UtilityConnectedV1)
