import { Type } from 'typebox'
import { describe, expect, it } from 'vitest'
import { sharedSerializers, sharedValidators } from '../src/compiled-schemas.js'
import { validatorCompiler } from '../src/input.js'

const route = { method: 'POST', url: '/x', httpStatus: '200' }

describe('compiled schemas shared in the process', () => {
  it('compiles a validator once per schema object and request part', () => {
    const validators = sharedValidators(validatorCompiler)
    const schema = Type.Object({ n: Type.Integer() })
    const body = validators({ ...route, schema, httpPart: 'body' })
    expect(validators({ ...route, schema, httpPart: 'body' })).toBe(body)
    // Outside the body strings are converted: another compilation.
    expect(validators({ ...route, schema, httpPart: 'querystring' })).not.toBe(body)
    // The same shape built again is another schema object, compiled afresh.
    expect(validators({ ...route, schema: Type.Object({ n: Type.Integer() }), httpPart: 'body' })).not.toBe(body)
    expect(body({ n: 1 })).toEqual({ value: { n: 1 } })
  })

  it('compiles a serializer once per schema object for every instance, none when instance schemas are added', () => {
    const build = sharedSerializers.compilersFactory?.buildSerializer
    if (!build) throw new Error('no serializer factory')
    const schema = Type.Object({ name: Type.String() })
    const first = build({}, undefined)({ ...route, schema })
    expect(build({}, undefined)({ ...route, schema })).toBe(first)
    expect(first({ name: '汕尾', extra: 1 })).toBe('{"name":"汕尾"}')
    const withRefs = build({ shared: { $id: 'shared', type: 'string' } }, undefined)
    expect(withRefs({ ...route, schema })).not.toBe(first)
  })
})
