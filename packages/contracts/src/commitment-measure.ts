import { Type } from 'typebox'

/**
 * 告知承诺 measures for a commitment found not kept (seeds 004:1860): put right by a date, permit revoked, barred.
 * Its own module so that the breach's schemas (acceptance/events.ts) and the 整改 that follows one
 * (approval/rectification.ts, which acceptance's items carry too) both read it without importing each other.
 */
export const CommitmentMeasure = Type.Union([
  Type.Literal('rectify'),
  Type.Literal('revoke'),
  Type.Literal('bar-commitment'),
])
