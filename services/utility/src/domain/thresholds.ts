import type { UtilityHookupNeed, UtilityProvider } from '@onewindow/contracts'
import type { Static } from 'typebox'

export type Provider = Static<typeof UtilityProvider>
export type Line = Omit<Static<typeof UtilityHookupNeed>, 'provider'>

/** Water, gas and drainage lines: ≤ 500 m, ≤ DN200, temporary green space ≤ 200 m² (004:2139). */
export const PIPE_MAX_LENGTH_M = 500
export const PIPE_MAX_DIAMETER_MM = 200
export const PIPE_MAX_GREEN_SPACE_M2 = 200
/** 380 V supply is the 0.4 kV class (0.4 kV 低压) in grid terms. */
export const LOW_VOLTAGE_MAX_KV = 0.4
export const MEDIUM_VOLTAGES_KV: readonly number[] = [10, 20]

/**
 * 低风险外线 — under these thresholds an outside line needs no road-excavation or green-space permit: the provider
 * files its works plan and may start at once (非禁免批, seeds 004_33317a5f04b53a73.txt:2139, 2199; seeds-004-part2
 * §1.2 and ):
 * - water, gas, drainage: pipe ≤ 500 m AND ≤ DN200 AND temporary green space ≤ 200 m²;
 * - power: ≤ 380 V, or 10/20 kV with no new cable channel.
 *
 * The seed's third power case (a new channel ≤ 1,000 m with green space ≤ 300 m²) is not taken: the form does not
 * carry the channel's length, so a new channel is never assumed small. A fact the form leaves out that a threshold
 * needs (a pipe's diameter, a line's voltage) counts as over it; no green space given means none is occupied.
 * Telecom lines are not in the seed's low-risk list.
 */
export function isLowRisk(provider: Provider, line: Line): boolean {
  switch (provider) {
    case 'water':
    case 'gas':
    case 'drainage':
      return (
        line.lengthM <= PIPE_MAX_LENGTH_M &&
        line.diameterMm !== undefined &&
        line.diameterMm <= PIPE_MAX_DIAMETER_MM &&
        (line.greenSpaceM2 ?? 0) <= PIPE_MAX_GREEN_SPACE_M2
      )
    case 'power':
      if (line.voltageKv === undefined) return false
      if (line.voltageKv <= LOW_VOLTAGE_MAX_KV) return true
      return MEDIUM_VOLTAGES_KV.includes(line.voltageKv) && line.newChannel !== true
    case 'telecom':
      return false
  }
}
