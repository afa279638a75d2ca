import { useMutation, useQueryClient } from '@tanstack/react-query'
import { App } from 'antd'
import { api, keys, must } from '../../api'
import type { paths } from '../../generated/api'
import type { TicketDetail } from './names'

type ActionBody = paths['/api/v1/hotline/tickets/{id}/actions']['post']['requestBody']['content']['application/json']

/** `POST /api/v1/hotline/tickets/{id}/actions`: forwarded to the hotline service, which decides whether the act is allowed. */
const act = (id: string, body: ActionBody) =>
  must(api.POST('/api/v1/hotline/tickets/{id}/actions', { params: { path: { id } }, body }))

/**
 * One act on a ticket (the agent's, the handling unit's or the owner's). The service answers the ticket as it now
 * stands: the page shows it at once (the read model, which the lists and the history come from, learns of it a moment
 * later), unless the page already holds a newer version; the lists are asked again.
 */
export function useAct(id: string) {
  return useTicketCommand(id, (body: ActionBody) => act(id, body))
}

type LetterBody =
  paths['/api/v1/hotline/tickets/{id}/rectification-letters']['post']['requestBody']['content']['application/json']

/** 整改函 (002:340): `POST /api/v1/hotline/tickets/{id}/rectification-letters`, the centre's, answered as an act is. */
export function useRectificationLetter(id: string) {
  return useTicketCommand(id, (body: LetterBody) =>
    must(api.POST('/api/v1/hotline/tickets/{id}/rectification-letters', { params: { path: { id } }, body })),
  )
}

type ReplyBody =
  paths['/api/v1/hotline/tickets/{id}/rectification-letters/{letterId}/reply']['post']['requestBody']['content']['application/json']

/** 整改情况: the letter's unit answers it once (`…/rectification-letters/{letterId}/reply`), answered as an act is. */
export function useRectificationReply(id: string, letterId: string) {
  return useTicketCommand(id, (body: ReplyBody) =>
    must(
      api.POST('/api/v1/hotline/tickets/{id}/rectification-letters/{letterId}/reply', {
        params: { path: { id, letterId } },
        body,
      }),
    ),
  )
}

type ReferralBody =
  paths['/api/v1/hotline/tickets/{id}/referrals']['post']['requestBody']['content']['application/json']

/** 线索移交 (002:340): `POST /api/v1/hotline/tickets/{id}/referrals`, the centre's, answered as an act is. */
export function useReferral(id: string) {
  return useTicketCommand(id, (body: ReferralBody) =>
    must(api.POST('/api/v1/hotline/tickets/{id}/referrals', { params: { path: { id } }, body })),
  )
}

function useTicketCommand<B>(id: string, send: (body: B) => Promise<{ ticket: TicketDetail['ticket'] }>) {
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  return useMutation({
    mutationFn: send,
    onSuccess: (answer) => {
      void message.success('已提交。')
      queryClient.setQueryData<TicketDetail>(keys.ticket(id), (old) =>
        old && old.ticket.version < answer.ticket.version ? { ...old, ticket: answer.ticket } : old,
      )
      // Not awaited: the mutation would stay pending until the refetch ends, and the next act's button, shown by this
      // answer, would render loading — a click on it lost (see pages/reviewer/task.tsx).
      void queryClient.invalidateQueries({ queryKey: keys.hotlineTickets(), refetchType: 'inactive' })
    },
  })
}
