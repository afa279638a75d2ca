import { callerKeysFrom, serviceMain } from '@onewindow/service-kit'
import { HotlineConfig } from './config.js'

await serviceMain('hotline', HotlineConfig, async (config, wiring) => {
  // Imported only now, after telemetry started, so its pg and NATS are instrumented (docs/service-kit.md).
  const { createHotline } = await import('./index.js')
  return createHotline({
    ...wiring,
    callers: await callerKeysFrom(config),
    scanEveryMs: config.SCAN_EVERY_MS,
    yellowAt: config.YELLOW_AT,
  })
})
