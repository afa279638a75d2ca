import { checkEligibility, type ProjectFacts, type ProjectType } from '@onewindow/catalogue'
import type {
  PermitsExemption as PermitsExemptionSchema,
  UtilityHookupNeed,
  UtilityProvider,
} from '@onewindow/contracts'
import type { Static } from 'typebox'

export type Provider = Static<typeof UtilityProvider>
export type Line = Omit<Static<typeof UtilityHookupNeed>, 'provider'>
/** Why a line needs no permit whatever its measures: its project's type exempts the utility's outside lines. */
export type PermitsExemption = Static<typeof PermitsExemptionSchema>

/** The catalogue project type whose eligibility is the region's low-risk outside-line test. */
export const LOW_RISK_TYPE = 'utility-outside-line-low-risk'

/** A line as the facts the catalogue's low-risk rules name. No green space given means none is occupied. */
export const lineFacts = (provider: Provider, line: Line): ProjectFacts => ({
  utility: provider,
  pipeLengthM: line.lengthM,
  pipeDiameterDN: line.diameterMm,
  greenSpaceM2: line.greenSpaceM2 ?? 0,
  voltageKV: line.voltageKv,
  newChannel: line.newChannel,
  newChannelLengthM: line.newChannelLengthM,
  onMainRoad: line.onMainRoad,
})

/**
 * 低风险外线 — the region's catalogue decides (type `utility-outside-line-low-risk`): under its thresholds an outside
 * line needs no road-excavation or green-space permit and is only filed (非禁免批 / 告知承诺免审批). Foshan: water,
 * gas, drainage ≤ 500 m, ≤ DN200, green ≤ 200 m²; power ≤ 380 V, or 10/20 kV without a new channel or with one
 * ≤ 1,000 m and green ≤ 300 m² (004:2139). Shanwei: water, gas, drainage not on a main road, ≤ 300 m, ≤ DN200,
 * green ≤ 200 m² (004:1848–1850). A fact the rule needs that the form left out fails it, so a line is never
 * assumed small; a region whose catalogue has no such type has no low-risk exemption.
 */
export function isLowRisk(lowRisk: ProjectType | undefined, provider: Provider, line: Line): boolean {
  return lowRisk !== undefined && checkEligibility(lowRisk, lineFacts(provider, line)).eligible
}

/**
 * 非禁免批 of the project's type — its catalogue's `outsideLinePermitsExempt`: the outside lines of the utilities it
 * names need no permit whatever their length or diameter (Foshan's simple low-risk projects: water, drainage, power
 * and gas, 004:2159), so the thresholds are not asked. Undefined for another utility (telecom there), another type,
 * or a project whose type its catalogue does not know: then the region's thresholds decide.
 */
export function permitsExemptionOf(
  projectType: ProjectType | undefined,
  provider: Provider,
): PermitsExemption | undefined {
  const exempt = projectType?.outsideLinePermitsExempt
  if (!projectType || !exempt?.utilities.includes(provider)) return undefined
  return { projectType: projectType.code, projectTypeName: projectType.name.zh, source: exempt.source }
}
