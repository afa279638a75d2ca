import type { Channel } from './channel.js'

export type SmsGatewayOptions = {
  /** `SMS_GATEWAY_URL`: the gateway's send endpoint; one JSON POST per message. */
  url: string
  /** `SMS_GATEWAY_TOKEN`, sent as `Authorization: Bearer …`. */
  token?: string
  timeoutMs?: number
}

/**
 * 短信 through an HTTP SMS gateway: `POST url` with `{ id, to, text }`; any 2xx is handed over, anything else (or no
 * answer within the timeout) is a failure the deliverer retries. `id` rides along as `Idempotency-Key` too, so a
 * gateway that honours it drops the repeat of a message whose answer we lost.
 */
export function smsChannel(options: SmsGatewayOptions): Channel {
  return {
    async send(m) {
      if (!m.address) throw new Error('no phone number for this recipient')
      const res = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': m.id,
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({ id: m.id, to: m.address, text: `【工程建设项目审批】${m.title}：${m.body}` }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      })
      // The body is drained either way so the connection goes back to the pool.
      const text = await res.text()
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}: ${text.slice(0, 200)}`)
    },
  }
}
