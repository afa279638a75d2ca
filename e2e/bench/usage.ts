import { readdirSync, readFileSync } from 'node:fs'
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

/** Linux's clock tick for /proc's CPU times (USER_HZ): 100 on every architecture this runs on. */
const TICKS_PER_SECOND = 100
/** The machine's services whose CPU a run also spends: PostgreSQL's processes and the NATS server. */
const SERVERS = ['postgres', 'nats-server'] as const

/**
 * CPU ms used so far by the machine's PostgreSQL and NATS server (every process of that name, read from /proc), for
 * the share of an application's cost that is theirs. A PostgreSQL backend that exits is counted on in its parent's
 * `cutime`/`cstime` once reaped, so the sum of all four fields over the processes moves only by work done. They are
 * the machine's: anything else using them in the same seconds is counted too (nothing on a quiet machine or in CI).
 * Empty where /proc is not Linux's.
 */
export function serverCpuMs(): Map<string, number> {
  const totals = new Map<string, number>()
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return totals
    throw err
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // `pid (comm) state ppid …`: comm may hold spaces, so the fields are counted from its closing parenthesis.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const server = SERVERS.find((s) => comm === s)
      if (!server) continue
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // utime, stime, cutime, cstime are fields 14–17 of stat(5); fields[0] here is field 3 (state).
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0)
      totals.set(server, (totals.get(server) ?? 0) + (ticks * 1000) / TICKS_PER_SECOND)
    } catch (err) {
      // The process ended between the listing and the read: its time is in its parent's cutime from now on.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ESRCH') throw err
    }
  }
  return totals
}
