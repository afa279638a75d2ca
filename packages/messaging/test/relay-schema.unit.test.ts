import type { JetStreamClient } from '@nats-io/jetstream'
import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { createRelay, type RelayOptions } from '../src/index.js'

describe('createRelay', () => {
  it('refuses a schema that is not a plain identifier, since LISTEN spells the channel into its text', () => {
    const deps = { pool: {} as pg.Pool, js: {} as JetStreamClient, topology: {} as RelayOptions['topology'] }
    for (const schema of ['a"; DROP TABLE x; --', 'with space', '', '1abc']) {
      expect(() => createRelay({ ...deps, schema })).toThrow(/not a plain identifier/)
    }
    expect(() => createRelay({ ...deps, schema: 'intake_t1' })).not.toThrow()
  })
})
