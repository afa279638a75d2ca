import { describe, expect, it } from 'vitest'
import { isProbePath, PROBE_PATHS } from '../src/health.js'
import { mayRestart } from '../src/processes.js'

describe('mayRestart', () => {
  it('replaces a crashed copy while fewer than the limit happened within the window', () => {
    expect(mayRestart([], 100_000, 5, 60_000)).toBe(true)
    expect(mayRestart([50_000, 60_000, 70_000, 80_000], 100_000, 5, 60_000)).toBe(true)
  })

  it('stops replacing at the limit within the window', () => {
    expect(mayRestart([50_000, 60_000, 70_000, 80_000, 90_000], 100_000, 5, 60_000)).toBe(false)
  })

  it('forgets replacements older than the window', () => {
    // Five restarts, but the first fell out of the window exactly at its edge.
    expect(mayRestart([40_000, 60_000, 70_000, 80_000, 90_000], 100_000, 5, 60_000)).toBe(true)
    expect(mayRestart([40_001, 60_000, 70_000, 80_000, 90_000], 100_000, 5, 60_000)).toBe(false)
  })
})

describe('the probes', () => {
  it('are /healthz and /readyz, with or without a query string, and nothing else', () => {
    expect([...PROBE_PATHS].sort()).toEqual(['/healthz', '/readyz'])
    expect(isProbePath('/healthz')).toBe(true)
    expect(isProbePath('/readyz?verbose=1')).toBe(true)
    expect(isProbePath('/healthz/')).toBe(false)
    expect(isProbePath('/api/v1/healthz')).toBe(false)
    expect(isProbePath('/readyzz')).toBe(false)
  })
})
