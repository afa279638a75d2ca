import { Type } from 'typebox'
import { describe, expect, it } from 'vitest'
import { storedState, UnreadableStoredRow } from '../src/index.js'

const Snapshot = Type.Object({ id: Type.String(), count: Type.Integer({ minimum: 0 }) })
const state = storedState('counter', Snapshot)

describe('storedState', () => {
  it('reads a row whose state is its snapshot', () => {
    expect(state.one({ id: 'a', state: '{"id":"a","count":2}' })).toEqual({ id: 'a', count: 2 })
  })

  it('names the row and what is wrong with it when its state is not JSON or not the snapshot', () => {
    const notJson = () => state.one({ id: 'b', state: '{"id":' })
    expect(notJson).toThrow(UnreadableStoredRow)
    expect(notJson).toThrow('stored counter b is unreadable: not JSON')
    try {
      state.one({ id: 'c', state: '{"id":"c","count":-1}' })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(UnreadableStoredRow)
      expect(err).toMatchObject({ code: 'STORED_ROW_UNREADABLE', kind: 'counter', id: 'c' })
      expect((err as UnreadableStoredRow).reason).toMatch(/^\/count /)
      // The field as a pointer of its own, for a service that names the column it sits in.
      expect((err as UnreadableStoredRow).pointer).toBe('/count')
    }
    expect(() => state.one({ id: 'b', state: '{"id":' })).toThrow(
      expect.objectContaining({ pointer: undefined, reason: 'not JSON' }),
    )
  })

  it('checks a value the driver has already parsed the same way, naming the row', () => {
    expect(state.parsed('a', { id: 'a', count: 0 })).toEqual({ id: 'a', count: 0 })
    expect(() => state.parsed('e', { id: 'e', count: 1.5 })).toThrow(/^stored counter e is unreadable: \/count /)
    expect(() => state.parsed('f', null)).toThrow(UnreadableStoredRow)
  })

  it('reads each row of a list on its own: the others answer, in order, and the bad ones are named', () => {
    const read = state.each([
      { id: 'a', state: '{"id":"a","count":1}' },
      { id: 'b', state: 'null' },
      { id: 'c', state: '{"id":"c","count":3}' },
      { id: 'd', state: '{"id":"d"}' },
    ])
    expect(read.rows).toEqual([
      { id: 'a', count: 1 },
      { id: 'c', count: 3 },
    ])
    expect(read.unreadable.map((u) => u.id)).toEqual(['b', 'd'])
  })

  it('by id: shapes each readable row with the columns read beside its state; a shaping failure is not the row’s', () => {
    const rows = [
      { id: 'a', state: '{"id":"a","count":1}', alerted: ['x'] },
      { id: 'b', state: '{"id":"b","count":"1"}', alerted: [] },
      { id: 'c', state: '{"id":"c","count":3}', alerted: ['y', 'z'] },
    ]
    const read = state.byId(rows, (s, row) => ({ ...s, alerted: row.alerted.length }))
    expect([...read.keys()]).toEqual(['a', 'b', 'c'])
    expect(read.get('a')).toEqual({ id: 'a', count: 1, alerted: 1 })
    expect(read.get('c')).toEqual({ id: 'c', count: 3, alerted: 2 })
    expect(read.get('b')).toBeInstanceOf(UnreadableStoredRow)
    expect(read.get('b')).toMatchObject({ id: 'b', kind: 'counter' })
    expect(() =>
      state.byId(rows.slice(0, 1), () => {
        throw new TypeError('a bug in the caller')
      }),
    ).toThrow(TypeError)
  })
})
