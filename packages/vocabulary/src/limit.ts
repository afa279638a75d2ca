/** `W` = 工作日 (working days), `N` = 自然日 (natural days). */
export type Unit = 'W' | 'N'

/** A time limit (时限): a value in working or natural days. A value of 0 is 即办件, due on the start day. */
export type Limit = { value: number; unit: Unit }
