import { callerKeysFrom, serviceMain } from '@onewindow/service-kit'
import { ApprovalConfig } from './config.js'

await serviceMain('approval', ApprovalConfig, async (config, wiring) => {
  // Imported only now, after telemetry started, so its pg and NATS are instrumented (docs/service-kit.md).
  const { createApproval } = await import('./index.js')
  return createApproval({
    ...wiring,
    callers: await callerKeysFrom(config),
    scanEveryMs: config.SCAN_EVERY_MS,
    supplementRounds: config.SUPPLEMENT_ROUNDS,
    yellowAt: config.YELLOW_AT,
  })
})
