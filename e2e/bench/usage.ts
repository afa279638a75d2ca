import { readFileSync } from 'node:fs'
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8'

/** What one process of a system has used so far: RSS and heap after a full collection, CPU time since it started. */
export type Usage = {
  process: string
  rssMb: number
  /** `heapUsed`: what the collection left alive. */
  heapMb: number
  /** `heapTotal`: the pages V8 holds for the heap, used or not (a heap that fragments grows this, not `heapMb`). */
  heapTotalMb: number
  /**
   * Of `heapTotalMb`, the young generation's (`new_space`): V8 grows its semi-spaces under a high allocation rate, up
   * to `--max-semi-space-size`, and keeps them committed — RSS that rises in steps with nothing retained.
   */
  newSpaceMb: number
  /** Of `heapTotalMb`, old space's, large objects' and code's committed sizes: where the rest of a growth is. */
  oldSpaceMb: number
  largeObjectSpaceMb: number
  codeSpaceMb: number
  /** Memory outside the V8 heap that V8 is told of (Buffers, ArrayBuffers, WebAssembly memories such as Prisma's). */
  externalMb: number
  /** The ArrayBuffers and Buffers among `externalMb`. */
  arrayBuffersMb: number
  /** What V8 itself has from malloc (compiler zones, tables): outside the heap, not in `externalMb`. */
  v8MallocMb: number
  /** Resident anonymous memory (`RssAnon` of /proc/self/status): heap, malloc arenas, stacks — not code mapped from files. */
  rssAnonMb: number
  cpuMs: number
}

const cpuMs = () => {
  const cpu = process.cpuUsage()
  return (cpu.user + cpu.system) / 1000
}
let forcedGcMs = 0

const statusKb = (field: string): number => {
  try {
    const line = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`))
    return Number(line?.split(/\s+/)[1] ?? Number.NaN)
  } catch {
    return Number.NaN // not Linux
  }
}

/**
 * This process's usage. RSS and heap are read after a full collection (`pnpm bench:e2e` runs with --expose-gc), so a
 * heap that keeps growing is retained memory, not garbage not yet collected (RSS alone rarely shrinks once the heap
 * has grown); CPU time leaves out these forced collections, which are the benchmark's work, not the system's. The
 * parts beside RSS say where growth of RSS is: `rssMb − heapTotalMb − externalMb − v8MallocMb` is what neither V8 nor
 * Node accounts for (code, stacks, and malloc's arenas: native libraries' allocations and what malloc keeps freed).
 */
export function usageHere(name: string): Usage {
  const before = cpuMs()
  const excluded = forcedGcMs
  ;(globalThis as { gc?: () => void }).gc?.()
  forcedGcMs += cpuMs() - before
  const m = process.memoryUsage()
  const mb = (bytes: number) => bytes / 2 ** 20
  const spaces = getHeapSpaceStatistics()
  const space = (name: string) => mb(spaces.find((sp) => sp.space_name === name)?.space_size ?? Number.NaN)
  return {
    process: name,
    rssMb: mb(m.rss),
    heapMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    newSpaceMb: space('new_space'),
    oldSpaceMb: space('old_space'),
    largeObjectSpaceMb: space('large_object_space'),
    codeSpaceMb: space('code_space'),
    externalMb: mb(m.external),
    arrayBuffersMb: mb(m.arrayBuffers),
    v8MallocMb: mb(getHeapStatistics().malloced_memory),
    rssAnonMb: statusKb('RssAnon') / 1024,
    cpuMs: before - excluded,
  }
}
