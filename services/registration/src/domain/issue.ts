import type { StepPhase } from '@onewindow/contracts'
import type { Case } from './case.js'
import type { CertificateBodyValue } from './certificate.js'

/** 省级简称 of the province a region lies in, as certificate numbers begin; others fall back to the region code. */
const PROVINCE: Record<string, string> = { '44': '粤', '45': '桂', '46': '琼' }

/**
 * 不动产单元代码 (GB/T 37346, 28 characters) for a building on a state-owned construction-land parcel: the 19-character
 * 宗地代码 — the 6-digit region, cadastral zone and subzone `001001` (we hold no cadastral map, so one zone per region),
 * parcel feature code `GB` (国有建设用地使用权) and the 5-digit parcel number from the region's counter — then `F`
 * (房屋), the building (幢, 4 digits) and unit 0001: the whole building is registered first, units are split later.
 */
export function unitCodeOf(region: string, parcelNumber: number, building = 1): string {
  if (!/^\d{6}$/.test(region)) throw new Error(`region ${region} is not a 6-digit administrative code`)
  if (parcelNumber < 1 || parcelNumber > 99_999) throw new Error(`parcel number ${parcelNumber} out of range`)
  return buildingOnParcel(`${region}001001GB${String(parcelNumber).padStart(5, '0')}`, building)
}

/** The unit code of building `building` (1–9999) of the parcel whose 宗地代码 is `parcel`. */
export function buildingOnParcel(parcel: string, building: number): string {
  if (!Number.isInteger(building) || building < 1 || building > 9_999) {
    throw new Error(`building number ${building} out of range`)
  }
  return `${parcel}F${String(building).padStart(4, '0')}0001`
}

/**
 * The 宗地代码 (first 19 characters) of a unit code — 竣工一幢、登记一幢: a project's later buildings stand on the parcel
 * of its first; undefined for a code of another form.
 */
export function parcelOf(unitCode: string | undefined): string | undefined {
  return unitCode === undefined ? undefined : /^(\d{12}[A-Z]{2}\d{5})[FLQW]\d{8}$/.exec(unitCode)?.[1]
}

/** 不动产权证书 number in the national form: 粤(2026)440600不动产权第0000001号. */
export function propertyNumber(region: string, year: string, seq: number): string {
  const province = PROVINCE[region.slice(0, 2)] ?? region.slice(0, 2)
  return `${province}(${year})${region}不动产权第${String(seq).padStart(7, '0')}号`
}

/** A permit's number: the region, the year and the year's running number, e.g. 第4406002026000012号. */
export function permitNumber(region: string, year: string, seq: number): string {
  return `第${region}${year}${String(seq).padStart(6, '0')}号`
}

export type ProjectFacts = {
  projectId: string
  owner: { name: string; creditCode: string }
  location?: string
  floorAreaM2?: number
}

/**
 * What the property certificate says of the project. Its floor area is that of what the case registers: the area the
 * registrar recorded on completing it; else, for the whole project, the completion survey's 房产测量 and then the area
 * declared at registration; for a building (`part`), its own building's survey — never the project's survey or
 * declared area, which measured the project, not the building — else none.
 */
export function certificateFacts(
  c: Pick<Case, 'projectId' | 'owner' | 'part' | 'preSurveyBy'>,
  project: { location?: string | undefined; floorAreaM2?: number | undefined } | undefined,
  recordedAreaM2: number | undefined,
): ProjectFacts {
  const surveyed = c.preSurveyBy?.part === c.part ? c.preSurveyBy?.floorAreaM2 : undefined
  const area = recordedAreaM2 ?? (c.part ? surveyed : (surveyed ?? project?.floorAreaM2))
  return {
    projectId: c.projectId,
    owner: c.owner,
    ...(project?.location ? { location: project.location } : {}),
    ...(area === undefined ? {} : { floorAreaM2: area }),
  }
}

export function propertyCertificateBody(input: {
  certificateId: string
  number: string
  project: ProjectFacts
  unitCode: string
  parcel?: string
  /** 登记范围: the building or section the case registers, as joint acceptance accepted it; none for the whole project. */
  part?: string | undefined
  /** 登簿机构: the registration office as the project's catalogue names it. */
  issuer: string
  issuedOn: string
}): CertificateBodyValue {
  const parcel = input.parcel ?? input.project.location
  return {
    certificateId: input.certificateId,
    kind: 'property',
    number: input.number,
    title: '不动产权证书',
    projectId: input.project.projectId,
    owner: input.project.owner,
    ...(input.part ? { part: input.part } : {}),
    unitCode: input.unitCode,
    ...(parcel ? { parcel } : {}),
    ...(input.project.floorAreaM2 === undefined ? {} : { floorAreaM2: input.project.floorAreaM2 }),
    issuer: input.issuer,
    issuedOn: input.issuedOn,
  }
}

export function permitCertificateBody(input: {
  certificateId: string
  number: string
  project: ProjectFacts
  item: string
  /** The document's name (permitDocumentName of the matter's), never the matter's. */
  title: string
  /** 发证机关: the department that decided the item, as the project's catalogue names it; absent when unknown. */
  issuer?: string | undefined
  /** 分阶段办理: the phase the permit is for (one permit per phase, signed with the rest); absent for the whole step. */
  phase?: StepPhase | undefined
  /** 按照单位工程办理: the unit work (单位工程) the permit is for (one permit per building); absent for the whole project. */
  part?: string | undefined
  issuedOn: string
}): CertificateBodyValue {
  return {
    certificateId: input.certificateId,
    kind: 'permit',
    number: input.number,
    title: input.title,
    projectId: input.project.projectId,
    owner: input.project.owner,
    item: input.item,
    ...(input.part === undefined ? {} : { part: input.part }),
    ...(input.phase ? { phase: input.phase } : {}),
    ...(input.issuer ? { issuer: input.issuer } : {}),
    issuedOn: input.issuedOn,
  }
}

/** A permit item: its code ends in `-permit` (a certificate is issued for it). */
export const isPermitItem = (item: string): boolean => item.endsWith('-permit')

/** The permit items of one step of a flow: those whose code ends in `-permit`. */
export function permitItemsOf(flow: ReadonlyArray<{ step: string; items: readonly string[] }>, step: string): string[] {
  return [...new Set(flow.filter((s) => s.step === step).flatMap((s) => s.items.filter(isPermitItem)))]
}
