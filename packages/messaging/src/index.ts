export {
  type AuditedCommand,
  type AuditedRunner,
  type AuditLog,
  anchorAuditOnce,
  auditedRunner,
  type BufferedAudit,
  bufferedAudit,
  createAuditLog,
  currentTraceId,
  MalformedAnchor,
  readAuditChain,
  readAuditEntries,
  readLastAnchor,
} from './audit.js'
export {
  type Anchor,
  type AuditEntry,
  type AuditOutcome,
  type AuditRecord,
  type ChainHead,
  type ChainVerdict,
  canonicalEntry,
  type EditedReason,
  entryHash,
  GENESIS_HASH,
  linkEntries,
  type Tampering,
  verifyChain,
} from './audit-chain.js'
export {
  type CalendarChange,
  type CalendarConsumerOptions,
  type CalendarSource,
  calendarConsumer,
  calendarGuard,
  calendarSource,
  countedOrLeftOut,
  leftOut,
  lockCalendarAlone,
  logLeftOut,
  type MovedDue,
  movedDues,
  type OpenClock,
  reprojectable,
  reprojectOpenClocks,
  type StoredCalendar,
  storeCalendarEntry,
  storedCalendar,
  toldOrLeftOut,
} from './calendar.js'
export { type CatalogueCopyOptions, catalogueCopyConsumer, storedCatalogueData } from './catalogue-copy.js'
export { connectNats, inboxPrefixOf, type NatsAuth } from './connect.js'
export {
  type ConsumerDefinition,
  type ConsumerDeps,
  type ConsumerTuning,
  type ConsumerWorker,
  createConsumer,
  DEFAULT_ACK_WAIT_MS,
  DEFAULT_MAX_DELIVER,
  defaultBackoff,
  defineConsumer,
  type HandlerContext,
} from './consumer.js'
export {
  type DeadLetter,
  DeadLetterNotFoundError,
  DeadLetterReplayRefusedError,
  isBrokerDirective,
  listDeadLetters,
  replayDeadLetter,
} from './dead-letter.js'
export { nextNumber } from './number-sequence.js'
export {
  assertPublishable,
  createOutbox,
  EventBodyInvalidError,
  EventTooLargeError,
  type Outbox,
  type PendingEvent,
  publishedBytes,
} from './outbox.js'
export { type ProjectCopyOptions, projectCopyConsumer, projectTitles } from './project-copy.js'
export {
  type AppliedBatch,
  applyInOrder,
  createOrderedReader,
  type OrderedReader,
  type OrderedReaderOptions,
  type PendingDeadLetter,
  type ReadModelDefinition,
  type ReadModelEvent,
  type ReadModelHandler,
  ReadModelRefusal,
  type StreamEvent,
  type TaggedSqlTx,
} from './read-model.js'
export { RECONCILE_WINDOW_MS, reconcileOutbox } from './reconcile.js'
export {
  type ChainLinks,
  createRelay,
  EventRefusedError,
  isPayloadTooLarge,
  orderingChains,
  projectOf,
  publishableInOrder,
  publishingStages,
  type Relay,
  type RelayFaults,
  type RelayOptions,
} from './relay.js'
export {
  checkRetention,
  defaultRetention,
  longestRedeliveryMs,
  minimumRetentionMarginMs,
  type PrunedRows,
  pruneMessagingTables,
  RetentionSettingError,
  type RetentionSettings,
} from './retention.js'
export { createMessaging, type Messaging, type MessagingOptions } from './runtime.js'
export {
  type ServiceBaseOptions,
  type ServiceRuntimeOptions,
  serviceRuntime,
  type TransactionClientOf,
} from './service-runtime.js'
export {
  pgTransaction,
  type SqlTx,
  statementOf,
  TRANSACTION_ATTEMPTS,
  TRANSACTION_RERUN,
  type TransactionBegin,
  TransactionClosedError,
  TransactionExpiredError,
  type TransactionOptions,
  type TransactionRunner,
  TransactionStartTimeoutError,
} from './sql.js'
export {
  type ConsumerSettings,
  canonicalSubject,
  checkStream,
  deadLetterSubject,
  defaultTopology,
  ensureConsumer,
  ensureStream,
  expectStream,
  type StreamCheck,
  type Topology,
  wireSubject,
} from './streams.js'
export { lockStateIfFree, type SweepOptions, skipOnce, sweep } from './sweep.js'
export { contextFromHeaders, currentTraceHeaders } from './trace-headers.js'
export {
  abortedForConflict,
  conflictCode,
  type UnavailableDependency,
  unavailableDependency,
} from './unavailable.js'
export type { MessagingWorker } from './worker.js'
export { failureKey, type WorkerLog } from './worker.js'
