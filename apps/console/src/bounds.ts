// Bounds the console shows from packages/contracts, written here rather than imported: importing the contracts package
// would bundle every schema into the page. test/bounds.unit.test.ts fails when one differs from the contract's.

/** The most notices of each kind `GET /api/v1/hotline/notices` answers (contracts' NOTICE_LIST_MAX). */
export const NOTICE_LIST_MAX = 20
