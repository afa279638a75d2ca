import './provided-context.js'

export { publish2027, published2027, schedule2027 } from './calendar.js'
export {
  asCaller,
  assertedCaller,
  assertionFor,
  type CallersWorld,
  callerMatrix,
  describeCallers,
  type MatrixApp,
  refusedAssertions,
  testAssertionKey,
  testCallerJwks,
  testCallerKeys,
} from './callers.js'
export { type TestClock, testClock } from './clock.js'
export { logLines } from './log-lines.js'
export { migrationsUpTo } from './migrations-copy.js'
export {
  type BrokerUnderAuthorization,
  createTestTopology,
  natsServerBinary,
  type PrivateNatsServer,
  type PrivateNatsServerOptions,
  startNatsUnderAuthorization,
  startPrivateNatsServer,
  type TestTopology,
} from './nats.js'
export { createTestSchema, type TestSchema, vacuumDatabase } from './postgres.js'
export { type PrivatePostgres, postgresBinDir, startPrivatePostgres } from './private-postgres.js'
export { schemaDifferences } from './schema-match.js'
export { recordTransactions } from './statements.js'
export { publishAsRelay, published } from './stream.js'
export { passesOf } from './timers.js'
export { type ServiceWorld, type ServiceWorldOptions, serviceWorld, type WorldApp, type WorldWiring } from './world.js'
