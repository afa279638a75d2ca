import { callerKeysFrom, serviceMain } from '@onewindow/service-kit'
import { RegistrationConfig } from './config.js'

await serviceMain('registration', RegistrationConfig, async (config, wiring) => {
  // Imported only now, after telemetry started, so its pg and NATS are instrumented (docs/service-kit.md).
  const { createRegistration, loadOrCreateSigningKey } = await import('./index.js')
  const generated = config.CERT_SIGNING_KEY ? undefined : await loadOrCreateSigningKey(config.ONEWINDOW_DATA_DIR)
  const app = await createRegistration({
    ...wiring,
    callers: await callerKeysFrom(config),
    scanEveryMs: config.SCAN_EVERY_MS,
    yellowAt: config.YELLOW_AT,
    signingKey: config.CERT_SIGNING_KEY ?? generated?.pem ?? '',
  })
  if (generated) {
    app.log.warn(
      { path: generated.path, created: generated.created },
      generated.created
        ? 'CERT_SIGNING_KEY is unset: generated a certificate signing key; set CERT_SIGNING_KEY in production'
        : 'CERT_SIGNING_KEY is unset: signing certificates with the key generated at an earlier start',
    )
  }
  return app
})
