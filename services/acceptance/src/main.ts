import { callerKeysFrom, serviceMain } from '@onewindow/service-kit'
import { AcceptanceConfig } from './config.js'

await serviceMain('acceptance', AcceptanceConfig, async (config, wiring) => {
  // Imported only now, after telemetry started, so its pg and NATS are instrumented (docs/service-kit.md).
  const { createAcceptance } = await import('./index.js')
  return createAcceptance({
    ...wiring,
    callers: await callerKeysFrom(config),
    scanEveryMs: config.SCAN_EVERY_MS,
    yellowAt: config.YELLOW_AT,
  })
})
