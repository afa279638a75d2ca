import { connect, type NatsConnection } from '@nats-io/transport-node'

/** A NATS connection that never gives up reconnecting: a broker restart is a pause, not the end (DESIGN §4). */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 250, waitOnFirstConnect: true })
}
