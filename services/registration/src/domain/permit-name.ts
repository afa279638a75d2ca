/**
 * The certificate a matter (事项) yields, named from the matter's own name: the catalogue names matters, not the
 * documents they issue, and holds no field for the certificate. A matter named for issuing a certificate — "X证核发",
 * "X证核发（…）", "X证（…）" — yields "X证": 核发 (颁发, 发放) is the act of issuing, and a trailing parenthesis
 * (（告知承诺）, （合并办理）) says how the matter is handled, not what the document is called. Any other name — one
 * with no 证 at its end, such as 应建或易地修建防空地下室的民用建筑项目许可 or 用地批准与建设用地规划许可（合并办理）
 * — is kept as it is: the seeds do not name the document, and a name guessed here would be printed on a signed
 * certificate.
 */
const ISSUING = /^(.+?证)(?:核发|颁发|发放)?(?:[（(][^（）()]*[）)])*$/u

export function permitDocumentName(matterName: string): string {
  const name = matterName.trim()
  return ISSUING.exec(name)?.[1] ?? matterName
}
