import type { EventBody, EventDefinition, ProjectRegisteredV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, expect } from 'vitest'
import {
  aProject,
  type MessageRow,
  messagesOfEvent,
  messagesOfEventOnce,
  notificationWorld,
  OWNER,
  publishEvent,
  registerProject,
  settled,
  type World,
} from './helpers.js'

// One describe block's notifier with one registered project, for the tests that publish a project's events and read
// whom they told (the later stages, the registration office, 证照异议): the world, the project registered once, and the
// three checks each of them makes — told these parties once, a redelivery adds nothing, told no one.

/** The message rows' parties as `kind:id`, sorted: whom an event told, whatever the channels' order. */
export const parties = (rows: ReadonlyArray<Pick<MessageRow, 'party_kind' | 'party'>>) =>
  rows.map((m) => `${m.party_kind}:${m.party}`).sort()

/** The project's owner as {@link parties} names it. */
export const owner = `owner:${OWNER.creditCode}`

/**
 * Call inside a `describe`: the notifier starts before its tests, on the test clock at `start`, and stops after them.
 * `known()` registers the project (then runs `learn`, for what else the tests need the notifier to know) once, from
 * inside the first test that asks — expect.poll runs only in a test — and gives the world.
 */
export function projectWorld(start: string, learn?: (w: World, project: ProjectRegisteredV1) => Promise<void>) {
  const project = aProject()
  let world: World | undefined
  beforeAll(async () => {
    world = await notificationWorld(start)
  })
  afterAll(async () => {
    await world?.[Symbol.asyncDispose]()
  })
  const w = (): World => {
    if (!world) throw new Error('the notifier has not started: call inside a test')
    return world
  }
  let knowing: Promise<void> | undefined
  const known = async (): Promise<World> => {
    knowing ??= (async () => {
      await registerProject(w(), project)
      await learn?.(w(), project)
    })()
    await knowing
    return w()
  }

  /** Publishes the event and waits until it has told `count` messages (one per party and channel), then gives them. */
  async function tells<E extends EventDefinition>(event: E, body: EventBody<E>, count: number) {
    const published = await publishEvent(w(), event, body)
    return { ...published, messages: await messagesOfEventOnce(w(), published.eventId, count) }
  }

  /**
   * The event delivered again (its producer's relay re-sending it, the same id): once each durable named has settled
   * it, the event still has its `count` messages.
   */
  async function redelivered<E extends EventDefinition>(
    event: E,
    body: EventBody<E>,
    eventId: string,
    count: number,
    durables: readonly string[],
  ) {
    const again = await publishEvent(w(), event, body, eventId)
    for (const durable of durables) await settled(w(), durable, again.seq)
    expect(await messagesOfEvent(w(), eventId)).toHaveLength(count)
  }

  /** Publishes the event and, once the durable that would tell it has settled it, finds it told no one. */
  async function tellsNoOne<E extends EventDefinition>(event: E, body: EventBody<E>, durable: string) {
    const published = await publishEvent(w(), event, body)
    await settled(w(), durable, published.seq)
    expect(await messagesOfEvent(w(), published.eventId)).toEqual([])
    return published
  }

  return { project, known, w, tells, redelivered, tellsNoOne }
}
