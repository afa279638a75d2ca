import { describe, expect, it } from 'vitest'
import { kindName, validText } from '../src/certificates'

describe('what the verification page says of a valid certificate', () => {
  it('names the issuer the signed body names, and no authority when the body names none', () => {
    expect(validText('佛山市自然资源局')).toBe('证照真实，由佛山市自然资源局签发，未被注销。')
    // A certificate issued before bodies named their issuer: not attributed to the registration office or anyone.
    expect(validText(undefined)).toBe('证照真实，签发记录可查，未被注销。')
    expect(validText(undefined)).not.toMatch(/登记机构|由.*签发/)
  })

  it('names the kind', () => {
    expect([kindName('permit'), kindName('property')]).toEqual(['许可证', '不动产权证书'])
  })
})
