import { nkeyAuthenticator, nkeys, usernamePasswordAuthenticator } from '@nats-io/nats-core'
import { connect, type NatsConnection } from '@nats-io/transport-node'

/**
 * Who a service is to the broker (docs/security.md#nats-least-privilege): a user and password, or an nkey seed
 * (the server's config holds only its public key). None for the open development server.
 */
export type NatsAuth = { user: string; password: string } | { nkeySeed: string }

/**
 * Replies to this connection's requests and pulls arrive on `_INBOX_<name>.…`, not the shared `_INBOX.…`, so the
 * server's config can let each service subscribe to its own inboxes only: with one shared prefix any service could
 * read the replies (and pulled messages) meant for another.
 */
export const inboxPrefixOf = (name: string) => `_INBOX_${name.replace(/[^A-Za-z0-9_-]/g, '_')}`

/**
 * The one way to connect to NATS: a connection that never gives up reconnecting (a broker restart is a pause, not
 * the end; DESIGN §4), named after the service, with its own inbox prefix and, when given, its credentials; no
 * per-request stack capture.
 */
export async function connectNats(url: string, name: string, auth?: NatsAuth): Promise<NatsConnection> {
  return connect({
    // A cluster's seed servers, comma-separated (docs/operations.md#deployment): any one answering is enough, and the
    // client learns the others from it.
    servers: url.split(',').map((server) => server.trim()),
    name,
    inboxPrefix: inboxPrefixOf(name),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
    // Without this, every request — each JetStream publish and pull — builds an Error (and a TimeoutError) to keep
    // its caller's stack for a timeout it almost never has: about 1.5 ms of CPU per application in approval at N = 16
    // (docs/performance.md, "The write path, third pass"). A timeout is still an error, with nats.js's own stack.
    noAsyncTraces: true,
    ...(auth ? { authenticator: authenticatorOf(auth) } : {}),
  })
}

function authenticatorOf(auth: NatsAuth) {
  if ('user' in auth) return usernamePasswordAuthenticator(auth.user, auth.password)
  const seed = new TextEncoder().encode(auth.nkeySeed)
  // Decoded once here so a mistyped seed fails the start with its reason, not as an authorization error later.
  nkeys.fromSeed(seed)
  return nkeyAuthenticator(seed)
}
