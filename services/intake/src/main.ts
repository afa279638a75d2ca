import { callerKeysFrom, serviceMain } from '@onewindow/service-kit'
import { IntakeConfig } from './config.js'

await serviceMain('intake', IntakeConfig, async (config, wiring) => {
  // Imported only now, after telemetry started, so its pg and NATS are instrumented (docs/service-kit.md).
  const { createIntake } = await import('./index.js')
  return createIntake({
    ...wiring,
    callers: await callerKeysFrom(config),
    scanEveryMs: config.SCAN_EVERY_MS,
    answerGrantKeepMs: config.ANSWER_GRANT_KEEP_MS,
    bookingSlotCapacity: config.BOOKING_SLOT_CAPACITY,
  })
})
