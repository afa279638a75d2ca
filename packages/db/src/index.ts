export { createClient, createPool, parseDatabaseUrl, prismaAdapter } from './connection.js'
export { dayText, instantText, isInstant } from './dates.js'
export { ensureDatabase } from './ensure-database.js'
export { dayKey, instantKey, instantOfKey, isDayKey, isInstantKey, isIsoInstantKey } from './key-text.js'
export { likeLiteral } from './like.js'
export { listMigrations, MigrationError, type MigrationResult, migrate } from './migrate.js'
export { namesOf, prepared, statementNames } from './prepared.js'
export { dropProvisioned, ProvisionError, provisionSchema, type SchemaRoles } from './provision.js'
export {
  readEach,
  type StateRow,
  type StoredRows,
  type StoredState,
  storedState,
  UnreadableStoredRow,
} from './stored-state.js'
export {
  keepTransactionsUnbatched,
  openTransaction,
  type ScopedTransaction,
  transactionAwarePool,
  transactionScope,
} from './transaction-scope.js'
