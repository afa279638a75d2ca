import { callerKeysFrom, serviceMain } from '@onewindow/service-kit'
import { UtilityConfig } from './config.js'

await serviceMain('utility', UtilityConfig, async (config, wiring) => {
  // Imported only now, after telemetry started, so its pg and NATS are instrumented (docs/service-kit.md).
  const { createUtility } = await import('./index.js')
  return createUtility({
    ...wiring,
    callers: await callerKeysFrom(config),
    scanEveryMs: config.SCAN_EVERY_MS,
    yellowAt: config.YELLOW_AT,
  })
})
