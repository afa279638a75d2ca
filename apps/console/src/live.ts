import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { keys } from './api'
import { useSession } from './session'

/**
 * Live updates for the signed-in tab: one connection to `GET /api/v1/stream` (server-sent events), whose messages name
 * what changed; the query keys they name are invalidated, so open pages refetch instead of polling.
 *
 * STUB: invalidates nothing yet — the stream's client is built with the stream route (issue 14, live updates).
 */
export function useLive(): void {
  const queryClient = useQueryClient()
  const { session } = useSession()
  useEffect(() => {
    if (!session) return
    void queryClient
    void keys
  }, [session, queryClient])
}
