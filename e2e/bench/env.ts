/**
 * A benchmark's sizes from the environment, refused when they are not whole numbers above zero (or zero, where
 * `zero` says none is meaningful, as for a warm-up): `Number('')` is 0 and `Number('8x')` NaN, and either would
 * otherwise run a phase of nothing and print it as a figure.
 */
export function count(name: string, fallback: number, opts: { zero?: boolean; alias?: string } = {}): number {
  for (const key of opts.alias === undefined ? [name] : [name, opts.alias]) {
    const raw = process.env[key]
    if (raw !== undefined) return parseCount(key, raw, opts.zero ?? false)
  }
  return fallback
}

/** A comma-separated list of counts, e.g. `BENCH_CLERKS=8,16`. */
export function counts(name: string, fallback: readonly number[]): number[] {
  const raw = process.env[name]
  return raw === undefined ? [...fallback] : raw.split(',').map((part) => parseCount(name, part))
}

/** A comma-separated subset of `allowed`, e.g. `BENCH_SYSTEMS=onewindow`. */
export function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): T[] {
  const raw = process.env[name]
  if (raw === undefined) return [...fallback]
  return raw.split(',').map((part) => {
    if (!(allowed as readonly string[]).includes(part)) {
      throw new Error(`${name}: "${part}" is none of ${allowed.join(', ')}`)
    }
    return part as T
  })
}

function parseCount(name: string, raw: string, zero = false): number {
  const n = /^[0-9]+$/.test(raw.trim()) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(n) || n < (zero ? 0 : 1)) {
    throw new Error(`${name}: "${raw}" is not a whole number ${zero ? 'of zero or more' : 'above zero'}`)
  }
  return n
}
