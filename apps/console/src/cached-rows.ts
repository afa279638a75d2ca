import type { QueryClient, QueryKey } from '@tanstack/react-query'

type Versioned = { version: number }

/**
 * Puts the row a command answered into the cached list under `key`, in place of the same row when it is newer.
 *
 * A command's answer is the case as its service has it now; the list comes from the gateway's read model, which
 * learns of the change a moment later from the event. Asking the list again at once could show the row as it was, so
 * the answer itself is shown, and the live stream refreshes the list once the event is in.
 */
export function putRow<L, R extends Versioned>(
  client: QueryClient,
  key: QueryKey,
  field: keyof L & string,
  row: R,
  same: (a: R, b: R) => boolean,
): void {
  client.setQueryData<L>(key, (list) => {
    if (!list) return list
    const rows = (list as Record<string, unknown>)[field] as R[] | undefined
    if (!rows) return list
    const next = rows.map((r) => (same(r, row) && r.version < row.version ? row : r))
    return { ...list, [field]: next }
  })
}
