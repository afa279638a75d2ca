/** A certificate's kind (证照种类) as a person names it. */
export const kindName = (kind: 'property' | 'permit'): string => (kind === 'property' ? '不动产权证书' : '许可证')

/**
 * What a valid verdict says of who issued the certificate: its 发证机关 as the signed body names it (a permit's deciding
 * department, a property certificate's registration office). A certificate issued before bodies named one says only
 * that its issue is on record, never an authority that may not be the one that issued it.
 */
export const validText = (issuer: string | undefined): string =>
  issuer ? `证照真实，由${issuer}签发，未被注销。` : '证照真实，签发记录可查，未被注销。'
