import { describe, expect, it } from 'vitest'
import { namesOf, prepared, statementNames } from '../src/index.js'

describe('statementNames, what a statement is prepared under', () => {
  it('gives one text one name, every time and in every namer, and two texts two', () => {
    const names = statementNames()
    const text = 'SELECT total FROM account WHERE id = $1::uuid'
    const name = names(text)
    expect(name).toMatch(/^ow_[\w-]{32}$/)
    expect(names(text)).toBe(name)
    expect(statementNames()(text)).toBe(name)
    expect(names('SELECT total FROM account WHERE id = $2::uuid')).not.toBe(name)
    // PostgreSQL cuts a name at 63 bytes: every name fits whole, however long the text.
    expect(names(`SELECT ${'1, '.repeat(5000)}1`)?.length).toBeLessThanOrEqual(63)
  })

  it('leaves a statement with a filter that may be absent unnamed, whatever its case and spacing', () => {
    const names = statementNames()
    expect(names('SELECT 1 FROM task WHERE ($1::text IS NULL OR status = $1)')).toBeUndefined()
    expect(names('SELECT 1 FROM task WHERE ($1::date is\n  null  or due_on < $1)')).toBeUndefined()
    expect(names('SELECT 1 FROM task WHERE due_on IS NULL ORDER BY id')).toBeDefined()
  })

  it('names no new text past its limit, and still names the ones it had', () => {
    const names = statementNames(3)
    const first = names('SELECT 1')
    names('SELECT 2')
    names('SELECT 3')
    expect(names('SELECT 4')).toBeUndefined()
    expect(names('SELECT 1')).toBe(first)
  })
})

describe('namesOf, the names of one pool', () => {
  it('keeps one namer a pool, with a limit of its own', () => {
    const one = {}
    const other = {}
    expect(namesOf(one)).toBe(namesOf(one))
    expect(namesOf(other)).not.toBe(namesOf(one))
    for (let i = 0; i < 500; i += 1) namesOf(one)(`SELECT ${i}`)
    // The first pool's limit is spent; the second's is not, and one text has one name on both.
    expect(namesOf(one)('SELECT total FROM account')).toBeUndefined()
    expect(namesOf(other)('SELECT total FROM account')).toBe(statementNames()('SELECT total FROM account'))
    expect(prepared(other, 'SELECT 1', [1])).toEqual({
      text: 'SELECT 1',
      name: statementNames()('SELECT 1'),
      values: [1],
    })
    expect(prepared(one, 'SELECT 1000', [])).toEqual({ text: 'SELECT 1000', values: [] })
  })
})
