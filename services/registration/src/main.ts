import { callerKeysFrom, serviceMain } from '@onewindow/service-kit'
import { RegistrationConfig } from './config.js'

await serviceMain('registration', RegistrationConfig, async (config, wiring) => {
  // Imported only now, after telemetry started, so its pg and NATS are instrumented (docs/service-kit.md).
  const { createRegistration, loadOrCreateSigningKey } = await import('./index.js')
  const generated = config.CERT_SIGNING_KEY ? undefined : await loadOrCreateSigningKey(config.ONEWINDOW_DATA_DIR)
  const generatedSm2 = config.CERT_SM2_SIGNING_KEY
    ? undefined
    : await loadOrCreateSigningKey(config.ONEWINDOW_DATA_DIR, 'sm2')
  const app = await createRegistration({
    ...wiring,
    callers: await callerKeysFrom(config),
    scanEveryMs: config.SCAN_EVERY_MS,
    yellowAt: config.YELLOW_AT,
    signingKey: config.CERT_SIGNING_KEY ?? generated?.pem ?? '',
    sm2SigningKey: config.CERT_SM2_SIGNING_KEY ?? generatedSm2?.pem ?? '',
  })
  for (const [variable, made] of [
    ['CERT_SIGNING_KEY', generated],
    ['CERT_SM2_SIGNING_KEY', generatedSm2],
  ] as const) {
    if (!made) continue
    app.log.warn(
      { path: made.path, created: made.created },
      made.created
        ? `${variable} is unset: generated a certificate signing key; set ${variable} in production`
        : `${variable} is unset: signing certificates with the key generated at an earlier start`,
    )
  }
  return app
})
