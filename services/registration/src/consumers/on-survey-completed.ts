import { SurveyCompletedV1 } from '@onewindow/contracts'
import { defineConsumer } from '@onewindow/messaging'
import { type CommandDeps, onCompletionSurvey } from '../commands.js'
import type { Tx } from '../db/registration.js'

/**
 * 多测合一 — the completion survey's results, recorded once by acceptance, are what the pre-survey of the building it
 * measured (or of the whole project) uses.
 */
export const onSurveyCompleted = (deps: CommandDeps) =>
  defineConsumer<typeof SurveyCompletedV1, Tx>({
    durable: 'registration-completion-surveys',
    event: SurveyCompletedV1,
    handle: async ({ event, tx, now }) => {
      const c = event.commission
      if (c.stage !== 'completion' || !c.results) return
      await onCompletionSurvey(
        deps,
        tx,
        c.projectId,
        {
          commissionId: c.commissionId,
          ...(c.part ? { part: c.part } : {}),
          results: c.results,
          // The unit by name only: the pre-survey names it so, and registration keeps the survey.
          surveyor: { name: c.surveyor.name },
          ...(c.completedAt ? { completedAt: c.completedAt } : {}),
        },
        now,
      )
    },
  })
