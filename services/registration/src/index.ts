import type { KeyObject } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { type Catalogue, type CatalogueData, cataloguesByRegion, pinnedCatalogues } from '@onewindow/catalogue'
import { prismaAdapter } from '@onewindow/db'
import { calendarConsumer, type ServiceBaseOptions, serviceRuntime, storedCatalogueData } from '@onewindow/messaging'
import type { CallerKeys, PeriodicWorker, ServiceApp } from '@onewindow/service-kit'
import type { TimeSource } from '@onewindow/vocabulary'
import { buildApp, type RegistrationDeps } from './app.js'
import { reprojectCases } from './commands.js'
import {
  onAcceptanceFilingIssued,
  onAcceptancePassed,
  onAcceptancePassRevoked,
  onAcceptanceResultRecorded,
  onAcceptanceStarted,
} from './consumers/on-acceptance.js'
import { onCatalogueActivated } from './consumers/on-catalogue-activated.js'
import { onCertificateReleased } from './consumers/on-certificate-released.js'
import { onProjectRegistered } from './consumers/on-project-registered.js'
import { onStepDecided } from './consumers/on-step-decided.js'
import { onSurveyCompleted } from './consumers/on-survey-completed.js'
import { onTaskCommitted } from './consumers/on-task-committed.js'
import { onTaskRevoked } from './consumers/on-task-revoked.js'
import type { Tx } from './db/registration.js'
import { signingKeyOf, sm2SigningKeyOf, sm2VerificationKeyOf, verificationKeyOf } from './domain/certificate.js'
import { PrismaClient } from './generated/client.js'
import { caseScanner } from './jobs/scan-cases.js'

export type { RegistrationDeps } from './app.js'
export { signCertificate } from './certificate-signer.js'
export { RegistrationConfig } from './config.js'
export {
  canonicalBytes,
  keyIdOf,
  type SignedCertificateValue,
  SM2_DEFAULT_ID,
  signingKeyOf,
  sm2KeyIdOf,
  sm2PublicKeyPem,
  sm2SigningKeyOf,
  sm2VerificationKeyOf,
  type Verification,
  verificationKeyOf,
  verifyCertificate,
} from './domain/certificate.js'
export { loadOrCreateSigningKey, SIGNING_KEY_FILE, SM2_SIGNING_KEY_FILE } from './signing-key.js'

export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))
export const prismaSchemaDir = fileURLToPath(new URL('../prisma', import.meta.url))

export interface RegistrationOptions extends ServiceBaseOptions {
  /** The gateway's public keys: every route answers only its signed assertion addressed to registration (docs/security.md). */
  callers: CallerKeys
  clock: TimeSource
  /** How often open cases' clocks are looked at for their alerts (default 60 000 ms: the unit is a day). */
  scanEveryMs?: number
  /** Share of the case clock's limit used that turns it yellow (default 0.8). */
  yellowAt?: number
  /** The Ed25519 private key certificates are signed with (a KeyObject or a PKCS#8 PEM). */
  signingKey: KeyObject | string
  /** Older keys (public or private, KeyObject or PEM) whose certificates still verify after a key change. */
  previousKeys?: ReadonlyArray<KeyObject | string>
  /** The SM2 private key of the second signature (a KeyObject or a PKCS#8 PEM of an SM2 key). */
  sm2SigningKey: KeyObject | string
  /** Older SM2 keys whose signatures still verify after a key change. */
  previousSm2Keys?: ReadonlyArray<KeyObject | string>
  /** The catalogue of a region (default `loadCatalogue`); loaded once per region. */
  catalogue?: (region: string) => Catalogue
}

export type RegistrationApp = ServiceApp<RegistrationDeps> & { scanner: PeriodicWorker }

/**
 * The registration service, migrated and wired, not listening: the project, acceptance and released-certificate
 * consumers, the case scanner and the outbox relay start with the app and stop with it; closing flushes the relay,
 * disconnects Prisma and ends the pool.
 */
export async function createRegistration(options: RegistrationOptions): Promise<RegistrationApp> {
  const signer = { ed25519: signingKeyOf(options.signingKey), sm2: sm2SigningKeyOf(options.sm2SigningKey) }
  const keys = {
    ed25519: [
      { keyId: signer.ed25519.keyId, publicKey: signer.ed25519.publicKey },
      ...(options.previousKeys ?? []).map(verificationKeyOf).filter((k) => k.keyId !== signer.ed25519.keyId),
    ],
    sm2: [
      { keyId: signer.sm2.keyId, publicKeyHex: signer.sm2.publicKeyHex },
      ...(options.previousSm2Keys ?? []).map(sm2VerificationKeyOf).filter((k) => k.keyId !== signer.sm2.keyId),
    ],
  }
  const rt = await serviceRuntime({
    ...options,
    migrationsDir,
    source: 'registration',
    countsLegalTime: true,
    prisma: (pool, schema) => new PrismaClient({ adapter: prismaAdapter(pool, schema) }),
  })
  // The runtime's calendar: the calendar consumer swaps it and re-projects the open clocks.
  const calendar = rt.calendar
  const commands = {
    transaction: rt.transaction,
    audited: rt.audited,
    outbox: rt.messaging.outbox,
    clock: options.clock,
    // Versions intake activated come from this service's own table (stored by onCatalogueActivated, kept over
    // restarts); a pin not stored is the region's bundled catalogue.
    catalogue: pinnedCatalogues({
      stored: async (tx: Tx, pin) => (await storedCatalogueData(tx, pin)) as CatalogueData | undefined,
      fallback: cataloguesByRegion(options.catalogue),
    }),
    signer,
    keys,
  }
  const deps: RegistrationDeps = {
    clock: options.clock,
    commands,
    readiness: rt.readiness,
  }
  let app: ServiceApp<RegistrationDeps> | undefined
  const scanner = caseScanner(
    commands,
    { everyMs: options.scanEveryMs ?? 60_000, calendar, yellowAt: options.yellowAt ?? 0.8 },
    { error: (obj, msg) => app?.log.error(obj, msg) },
  )
  app = await buildApp(deps, {
    ...rt.serviceOptions([
      rt.messaging.consumer(onProjectRegistered),
      rt.messaging.consumer(onAcceptanceStarted(commands)),
      rt.messaging.consumer(onAcceptancePassed(commands)),
      rt.messaging.consumer(onAcceptanceResultRecorded(commands)),
      rt.messaging.consumer(onAcceptanceFilingIssued(commands)),
      rt.messaging.consumer(onAcceptancePassRevoked(commands)),
      rt.messaging.consumer(onSurveyCompleted(commands)),
      rt.messaging.consumer(onCertificateReleased(commands)),
      rt.messaging.consumer(onTaskCommitted(commands)),
      rt.messaging.consumer(onTaskRevoked),
      rt.messaging.consumer(onStepDecided(commands)),
      rt.messaging.consumer(onCatalogueActivated),
      rt.messaging.consumer(
        calendarConsumer<Tx>({ durable: 'registration-calendar', source: calendar, reproject: reprojectCases }),
      ),
      scanner,
    ]),
    callers: options.callers,
  })
  return Object.assign(app, { scanner })
}
