import { skipOnce } from '@onewindow/messaging'
import { periodicWorker } from '@onewindow/service-kit'
import { type CommandDeps, scanFeedbackOnce, scanKnowledgeOnce, scanOutagesOnce } from '../commands.js'

/**
 * The knowledge base's durable timer (DESIGN §6), every `everyMs`: a point whose reminder day has come raises
 * KnowledgePointExpiryRemindedV1 once for its `validTo`, and a centre's feedback unanswered past its due day raises
 * KnowledgeFeedbackOverdueV1 once; an outage's answer script or progress update past its due day raises
 * OutageNoticeOverdueV1 once per clock (故障通报, 004:1694). What was raised lives in the rows, not in memory.
 */
export const knowledgeScanner = (
  deps: CommandDeps,
  options: { everyMs: number },
  log?: { error(obj: object, msg: string): void },
) => {
  const skipped = skipOnce('hotline-scan-knowledge', log)
  const skippedFeedback = skipOnce('hotline-scan-knowledge-feedback', log)
  const skippedOutages = skipOnce('hotline-scan-outages', log)
  return periodicWorker({
    name: 'hotline-scan-knowledge',
    everyMs: options.everyMs,
    run: async () =>
      (await scanKnowledgeOnce(deps, skipped)) +
      (await scanFeedbackOnce(deps, skippedFeedback)) +
      (await scanOutagesOnce(deps, skippedOutages)),
    ...(log ? { log } : {}),
  })
}
