import { SupplementNoticeIssuedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import type { DomainError } from '@onewindow/vocabulary'
import { type CommandDeps, recordHelperAnswer } from '../commands.js'
import type { Tx } from '../db/client.js'

/**
 * An event the consumer cannot apply, with the refusal's stable `code`: thrown so the transaction writes nothing and
 * the message is retried, then parked as a dead letter whose error names the code.
 */
export class AnsweredEventRefused extends Error {
  override readonly name = 'AnsweredEventRefused'
  readonly code: string
  constructor(error: DomainError) {
    super(`${error.code}: ${error.message}`)
    this.code = error.code
  }
}

/**
 * 帮办代办: a case's helper answered a department's 补正 notice for the owner in approval; the act is kept on the case
 * and said by AssistedCaseActedV1, as the helper's acts in intake are. Only answers on someone's behalf matter here.
 */
export const onSupplementAnswered = (deps: CommandDeps) =>
  defineConsumer<typeof SupplementNoticeIssuedV1, Tx>({
    durable: 'intake-supplement-answered',
    event: SupplementNoticeIssuedV1,
    handle: async ({ event, tx }) => {
      const done = await recordHelperAnswer(deps, tx, event)
      if (!done.ok) throw new AnsweredEventRefused(done.error)
    },
  })
