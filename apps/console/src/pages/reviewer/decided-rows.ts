/**
 * What 外线审批 decided on this page, by request and permit: the request's version the list must reach before the row
 * is shown again as the list says. A decision answers the request with its new version (hidden while the list reads
 * an older one, a refetch that raced the projection too); a row found stale on deciding (409
 * UTILITY_PERMIT_NOT_REQUESTED) is hidden while the list still reads the version it was decided on meanwhile.
 */
export type Decided = ReadonlyMap<string, number>

const keyOf = (requestId: string, kind: string) => `${requestId}/${kind}`

/** `decided` with the row hidden until the list reads `version` of its request (never lowered). */
export const hideUntil = (decided: Decided, requestId: string, kind: string, version: number): Decided => {
  const key = keyOf(requestId, kind)
  return new Map(decided).set(key, Math.max(version, decided.get(key) ?? 0))
}

/** Whether a row the list reads at `version` of its request is shown. */
export const shown = (decided: Decided, requestId: string, kind: string, version: number): boolean =>
  version >= (decided.get(keyOf(requestId, kind)) ?? 0)
