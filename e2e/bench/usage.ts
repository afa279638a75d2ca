/** What one process of a system has used so far: RSS and heap after a full collection, CPU time since it started. */
export type Usage = {
  process: string
  rssMb: number
  heapMb: number
  /** Memory outside the V8 heap that Node accounts for (Buffers and ArrayBuffers): tells a buffer from a native leak. */
  externalMb: number
  cpuMs: number
}

const cpuMs = () => {
  const cpu = process.cpuUsage()
  return (cpu.user + cpu.system) / 1000
}
let forcedGcMs = 0

/**
 * This process's usage. RSS and heap are read after a full collection (`pnpm bench:e2e` runs with --expose-gc), so a
 * heap that keeps growing is retained memory, not garbage not yet collected (RSS alone rarely shrinks once the heap
 * has grown); CPU time leaves out these forced collections, which are the benchmark's work, not the system's.
 */
export function usageHere(name: string): Usage {
  const before = cpuMs()
  const excluded = forcedGcMs
  ;(globalThis as { gc?: () => void }).gc?.()
  forcedGcMs += cpuMs() - before
  const m = process.memoryUsage()
  return {
    process: name,
    rssMb: m.rss / 2 ** 20,
    heapMb: m.heapUsed / 2 ** 20,
    externalMb: m.external / 2 ** 20,
    cpuMs: before - excluded,
  }
}
