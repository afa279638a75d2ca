/** A mistake in the command line; its message is one sentence naming the argument. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** What a command writes to, and the environment it reads; main.ts passes the process's own. */
export interface Io {
  out: (line: string) => void
  err: (line: string) => void
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  /** All of stdin, read when a command asks for it (`token --stdin`). */
  stdin?: () => Promise<string>
}

export type Command = (args: string[], io: Io) => Promise<number> | number
