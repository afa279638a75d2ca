import { type Io, UsageError } from './usage-error.js'

/**
 * Where an admin command reaches the gateway, and as whom: `--gateway`, else `ONEWINDOW_GATEWAY`, else the local
 * gateway; `--token`, else `ONEWINDOW_TOKEN` (an admin's, e.g. from `onewindow token --role admin`). The one reading
 * of both for every command that calls the gateway (`calendar publish`, `catalogue upload`).
 */
export function adminGateway(
  values: { gateway?: string | undefined; token?: string | undefined },
  env: Io['env'],
): { base: string; token: string } {
  const token = values.token ?? env['ONEWINDOW_TOKEN']
  if (!token)
    throw new UsageError(
      '--token (or ONEWINDOW_TOKEN) is missing: an admin token, e.g. from `onewindow token --role admin`.',
    )
  const base = (values.gateway ?? env['ONEWINDOW_GATEWAY'] ?? 'http://127.0.0.1:3000').replace(/\/+$/, '')
  if (!URL.canParse(base)) throw new UsageError(`--gateway "${base}" is not a URL such as http://127.0.0.1:3000.`)
  return { base, token }
}
