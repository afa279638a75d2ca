/**
 * 行政区划代码 (GB/T 2260): six digits, two for the province, two for the city, two for the county. A province's own
 * code ends in 0000 (440000 广东), a city's in 00 (440600 佛山), a county's in neither (440604 禅城).
 *
 * The digits a region `scope` keeps fixed: a province (xx0000) its first two, a city (xxxx00) its first four, a
 * county all six. Undefined for anything but six digits. Services that filter rows in SQL take this prefix
 * (`region LIKE prefix || '%'`), so they apply the same rule as `regionCovers`.
 */
export function regionPrefix(scope: string): string | undefined {
  if (!/^\d{6}$/.test(scope)) return undefined
  return scope.slice(0, scope.endsWith('0000') ? 2 : scope.endsWith('00') ? 4 : 6)
}

/**
 * Whether a region `scope` covers `region`: a county covers itself; a city (xxxx00) itself and its counties (4406xx);
 * a province (xx0000) itself, its cities and their counties (44xxxx). The one rule of a department user's regional
 * authority (docs/security.md "Regional authority"), used by the gateway and by acceptance's 双随机 rounds; the read
 * model's `region_covers` (migration 20270102000000_caller_region) is the same rule in SQL, and a test holds the two
 * equal.
 */
export function regionCovers(scope: string, region: string): boolean {
  const prefix = regionPrefix(scope)
  return prefix !== undefined && /^\d{6}$/.test(region) && region.startsWith(prefix)
}
