import { readdirSync } from 'node:fs'

const CONSUMERS = new URL('../src/consumers/', import.meta.url)

/** A consumer as `src/consumers/` declares it: its durable, its event's subject, whether it starts at its creation. */
export type Declared = { durable: string; subject: string; startsAtCreation: boolean }

/**
 * Every consumer `src/consumers/*.ts` exports, read from the sources themselves: a consumer added there is in the
 * list without anyone writing it down (the authorization test and the start-at-creation test walk it).
 */
export async function declaredConsumers(): Promise<Declared[]> {
  const found = new Map<string, Declared>()
  for (const file of readdirSync(CONSUMERS).filter((f) => f.endsWith('.ts'))) {
    const module = (await import(new URL(file, CONSUMERS).href)) as Record<string, unknown>
    for (const value of Object.values(module)) {
      const c = value as { durable?: unknown; event?: { subject?: unknown }; startsAtCreation?: unknown } | null
      if (c && typeof c.durable === 'string' && typeof c.event?.subject === 'string')
        found.set(c.durable, {
          durable: c.durable,
          subject: c.event.subject,
          startsAtCreation: c.startsAtCreation === true,
        })
    }
  }
  return [...found.values()]
}
