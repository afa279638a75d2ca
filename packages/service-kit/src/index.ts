export {
  ASSERTION_ISSUER,
  ASSERTION_REFUSALS,
  ASSERTION_TYPE,
  type AssertionClaims,
  AssertionKeyError,
  type AssertionRefusal,
  type AssertionSigner,
  type AssertionVerdict,
  CallerJwks,
  type CallerKeys,
  createAssertionSigner,
  createAssertionVerifier,
  generateAssertionKey,
  importCallerKeys,
  MAX_ASSERTION_TTL_SECONDS,
  PrivateJwk,
  PublicJwk,
  publicKeyOf,
  type VerifiedCaller,
} from './assertion.js'
export { type Callers, callerOf } from './caller.js'
export { systemClock } from './clock.js'
export {
  type CommandServiceDeps,
  type CommandServiceOptions,
  type CommandServiceSpec,
  commandService,
  type RoutePlugin,
  unwrap,
} from './command-service.js'
export {
  AssertionSignerConfig,
  assertionKeyFrom,
  BaseConfig,
  CallerConfig,
  ConfigError,
  type ConfigResult,
  callerKeysFrom,
  loadConfig,
  type NatsCredentials,
  natsCredentialsOf,
  parseConfig,
} from './config.js'
export { createService, type ServiceApp, type ServiceDeps, type ServiceOptions } from './create-service.js'
export type { DeadLetterAdmin } from './dead-letters.js'
export {
  DEFAULT_DOMAIN_STATUS,
  listErrorCodes,
  ProblemError,
  problemFromDomainError,
  registerErrorCodes,
  statusForCode,
  validationFailed,
} from './errors.js'
export {
  isProbePath,
  PROBE_PATHS,
  READINESS_CHECK_TIMEOUT_MS,
  type ReadinessCheck,
  type Worker,
  type WorkerContext,
  type WorkerLog,
} from './health.js'
export { INPUT_LIMITS, inputErrors } from './input.js'
export { type RunOptions, runService } from './lifecycle.js'
export { redactUrl, traceMixin } from './logger.js'
export { type MainWiring, serviceMain } from './main.js'
export { type PeriodicOptions, type PeriodicWorker, periodicWorker } from './periodic.js'
export {
  type DamageClassifier,
  FieldError,
  isUnreadableRow,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  ProblemSchema,
  problem,
  RETRY_AFTER_SECONDS,
  STORED_ROW_UNREADABLE,
  storedRowUnreadable,
  type UnavailableClassifier,
} from './problem.js'
export { type ProcessesOptions, superviseProcesses } from './processes.js'
export {
  InMemorySpanExporter,
  type ReadableSpan,
  type SpanExporter,
  startTelemetry,
  type Telemetry,
  type TelemetryOptions,
} from './telemetry.js'
export { type UnreadableLog, type UnreadableRow, unreadableLog } from './unreadable.js'
