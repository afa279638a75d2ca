// Bounds the console shows from packages/contracts, written here rather than imported: importing the contracts package
// would bundle every schema into the page. test/bounds.unit.test.ts fails when one differs from the contract's.

/** The most notices of each kind `GET /api/v1/hotline/notices` answers (contracts' NOTICE_LIST_MAX). */
export const NOTICE_LIST_MAX = 20

/**
 * The largest value of each measure of a hookup's outside line the combined form may name (contracts'
 * UTILITY_LINE_MAXIMA, which intake reads `form.utilities` against); every measure is at least 0.
 */
export const UTILITY_LINE_MAXIMA = {
  lengthM: 1_000_000,
  diameterMm: 100_000,
  greenSpaceM2: 100_000_000,
  voltageKv: 1100,
  newChannelLengthM: 1_000_000,
} as const

/** The utilities a hookup may be asked of: departments.ts keeps the one list, with their names. */
export { UTILITY_PROVIDERS } from './departments'
