import { describe, expect, it } from 'vitest'
import { abortedForConflict, conflictCode, unavailableDependency } from '../src/index.js'

const withCode = (message: string, code: string, extra: object = {}) =>
  Object.assign(new Error(message), { code, ...extra })
const named = (name: string, message = '') => Object.assign(new Error(message), { name })
// What Prisma 7 throws through @prisma/adapter-pg when the server cannot be reached (seen against a closed port).
const prismaKnown = (code: string, kind: string) =>
  Object.assign(new Error(`Invalid \`prisma.project.findMany()\` invocation`), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind, host: '127.0.0.1', port: 5432 } } },
  })

describe('unavailableDependency', () => {
  it.each([
    ['pg: connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['pg: refused on every address', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')])],
    ['pg: server shut down (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['pg: server shutting down (57P03)', withCode('the database system is shutting down', '57P03')],
    ['pg: connection lost', new Error('Connection terminated unexpectedly')],
    ['prisma: P1001', prismaKnown('P1001', 'DatabaseNotReachable')],
    ['prisma: raw query, adapter cause', prismaKnown('P2010', 'DatabaseNotReachable')],
    ['prisma: connection closed', prismaKnown('P2010', 'ConnectionClosed')],
    [
      'prisma: no connection free in time (P2028, as logged under load)',
      withCode('Transaction API error: Unable to start a transaction in the given time.', 'P2028'),
    ],
    ['wrapped in a cause', new Error('scan failed', { cause: withCode('read ECONNRESET', 'ECONNRESET') })],
  ])('%s is the database', (_, err) => {
    expect(unavailableDependency(err)).toBe('database')
  })

  it.each([
    ['disconnected', named('RequestError', 'connection disconnected')],
    ['closed', named('ClosedConnectionError', 'closed connection')],
    ['timed out', named('TimeoutError', 'timeout')],
    ['no responders', named('NoResponders', 'no responders')],
  ])('NATS %s is nats', (_, err) => {
    expect(unavailableDependency(err)).toBe('nats')
  })

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a Prisma unique violation', prismaKnown('P2002', 'UniqueConstraintViolation')],
    [
      'a Prisma transaction past its own timeout',
      withCode(
        'Transaction API error: Transaction already closed: the timeout for this transaction was 5000 ms',
        'P2028',
      ),
    ],
    ['a bug', new TypeError('Cannot read properties of undefined')],
    ['a string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('%s is not a dependency being down', (_, err) => {
    expect(unavailableDependency(err)).toBeUndefined()
  })
})

describe('abortedForConflict', () => {
  it('tells a conflict from any other error, through causes and Prisma’s adapter error', () => {
    expect(abortedForConflict({ code: '40P01' })).toBe(true)
    expect(abortedForConflict({ code: '40001' })).toBe(true)
    expect(abortedForConflict({ code: 'P2034' })).toBe(true)
    expect(abortedForConflict(new Error('x', { cause: { code: '40P01' } }))).toBe(true)
    expect(
      abortedForConflict({ code: 'P2010', meta: { driverAdapterError: { cause: { originalCode: '40001' } } } }),
    ).toBe(true)
    for (const other of [{ code: '23505' }, { code: '25P02' }, new Error('40P01'), null, 'x', { code: 40001 }]) {
      expect(abortedForConflict(other)).toBe(false)
    }
  })

  it('names the conflict by its SQLSTATE, found where Prisma keeps it; P2034 only when none is kept', () => {
    expect(conflictCode({ code: '40P01' })).toBe('40P01')
    expect(conflictCode(new Error('x', { cause: { code: '40001' } }))).toBe('40001')
    expect(conflictCode({ code: 'P2034', meta: { driverAdapterError: { cause: { originalCode: '40P01' } } } })).toBe(
      '40P01',
    )
    expect(conflictCode({ code: 'P2034' })).toBe('P2034')
    expect(conflictCode({ code: '23505' })).toBeUndefined()
  })
})
