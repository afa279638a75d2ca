import type { JetStreamClient } from '@nats-io/jetstream'
import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { createRelay } from '../src/index.js'

/** A pool whose connections are refused until `up` is set, then answer an empty outbox. */
function fakePool() {
  const state = { up: false, connects: 0 }
  const client = {
    query: async () => ({ rowCount: 0, rows: [] }),
    on: () => client,
    removeListener: () => client,
    release: () => {},
  }
  const pool = {
    connect: async () => {
      state.connects += 1
      if (!state.up) {
        // What pg gives for a stopped server: an AggregateError over the addresses tried, or one error with a code.
        throw Object.assign(
          new AggregateError(
            [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
            '',
          ),
          {
            code: 'ECONNREFUSED',
          },
        )
      }
      return client
    },
  }
  return { pool: pool as unknown as pg.Pool, state }
}

describe('relay failures', () => {
  it('logs a failure once with its cause while retrying quickly, and its recovery once', async () => {
    const { pool, state } = fakePool()
    const errors: Array<{ obj: object; msg: string }> = []
    const infos: Array<{ obj: object; msg: string }> = []
    let failures = 0
    const relay = createRelay({
      pool,
      schema: 'svc',
      js: {} as JetStreamClient,
      topology: { prefix: '' },
      pollIntervalMs: 1000,
      retryMs: 5,
      maxRetryMs: 20,
      onError: () => {
        failures += 1
      },
    })
    // No logger of its own: it takes the one the service gives at start.
    await relay.start({
      log: { error: (obj, msg) => errors.push({ obj, msg }), info: (obj, msg) => infos.push({ obj, msg }) },
    })
    await expect.poll(() => failures, { timeout: 10_000 }).toBeGreaterThan(5)
    expect(relay.healthy()).toBe(false)
    expect(errors).toHaveLength(1)
    expect(errors[0]?.msg).toMatch(/outbox relay failed \(ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:5432\)/)
    expect(errors[0]?.obj).toHaveProperty('err')

    state.up = true
    await expect.poll(() => relay.healthy(), { timeout: 10_000 }).toBe(true)
    expect(infos.filter((i) => i.msg === 'outbox relay recovered')).toHaveLength(1)
    expect(infos[0]?.obj).toMatchObject({ failedAttempts: failures })
    await relay.stop()
  })
})
