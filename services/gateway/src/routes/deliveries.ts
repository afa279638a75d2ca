import { RecordDeliveryBody, ResultDelivery, Uuid } from '@onewindow/contracts'
import { isInstantKey } from '@onewindow/db'
import { unreadableLog } from '@onewindow/service-kit'
import { Type } from 'typebox'
import type { DeliveryKey, DeliveryRow } from '../db/deliveries.js'
import { conforming, eachRow } from '../domain/rows.js'
import { keyCursor, UUID } from '../http/cursor.js'
import { Unreadable } from '../http/schemas.js'
import { forwardedCommand } from './forwarded.js'
import { authorised, projectNotFound, projectOwnerOf, type RoutePlugin } from './plugin.js'

const checkStored = conforming(ResultDelivery)

// `[dueAt, applicationId]` of the page's last delivery.
const cursors = keyCursor<DeliveryKey>({
  parts: (k) => [k.dueAt, k.applicationId],
  key: (parts) => {
    const [dueAt, applicationId] = parts
    if (parts.length !== 2 || typeof dueAt !== 'string' || !isInstantKey(dueAt)) return undefined
    return typeof applicationId === 'string' && UUID.test(applicationId) ? { dueAt, applicationId } : undefined
  },
})

/** A page of deliveries: how many, and where the page before ended. */
const Page = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_-]+$',
      maxLength: 300,
      description: 'nextCursor of the page before, as it came (base64url), with the same query',
    }),
  ),
}

const Query = Type.Object(
  {
    state: Type.Optional(
      Type.Union([Type.Literal('awaiting'), Type.Literal('done')], {
        description:
          'awaiting (default): still to collect, post or sign for; done: delivered online, collected, signed',
      }),
    ),
    ...Page,
  },
  { additionalProperties: false },
)

const Shown = Type.Object({
  deliveries: Type.Array(ResultDelivery),
  unreadable: Type.Array(Unreadable, { description: 'stored deliveries that could not be shown (`kind: delivery`)' }),
})

const Paged = Type.Object({ ...Shown.properties, nextCursor: Type.Optional(Type.String()) })

const shown = (rows: readonly DeliveryRow[]) =>
  eachRow(
    rows,
    'delivery',
    (r) => r.applicationId,
    (r) => checkStored(r.snapshot) as ResultDelivery,
  )

/**
 * 结果送达 (004:1076–1084, docs/api.md#deliveries): the clerk's list of results to hand out or post, a project's
 * deliveries for its owner, and the clerk's record of 已领取, 已寄出 and 已签收, forwarded to intake.
 */
export const deliveryRoutes: RoutePlugin = async (app, { deps }) => {
  const logUnreadable = unreadableLog()

  app.get(
    '/deliveries',
    {
      schema: {
        summary:
          '结果送达 — decided applications’ deliveries, awaiting (to collect, post or sign for) or done, oldest due first — clerk',
        tags: ['queries'],
        querystring: Query,
        response: { 200: Paged },
      },
    },
    async (request) => {
      authorised(request, { action: 'deliveries.list' })
      const { state = 'awaiting', limit = 50, cursor } = request.query
      const after = cursor ? cursors.keyOf(cursor) : undefined
      const page = await deps.deliveries.page(request.actor, {
        done: state === 'done',
        ...(after ? { after } : {}),
        limit,
      })
      const { views, unreadable } = shown(page.rows)
      logUnreadable(request.log, unreadable)
      return { deliveries: views, ...(page.next ? { nextCursor: cursors.encode(page.next) } : {}), unreadable }
    },
  )

  app.get(
    '/projects/:id/deliveries',
    {
      schema: {
        summary:
          '结果送达 — the deliveries of a project’s decided applications, oldest due first, a page at a time — its owner, clerk, supervisor',
        tags: ['queries'],
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object(Page, { additionalProperties: false }),
        response: { 200: Paged },
      },
    },
    async (request) => {
      const { id } = request.params
      authorised(
        request,
        { action: 'deliveries.read', ...(await projectOwnerOf(deps, request, id)) },
        projectNotFound(id),
      )
      const { limit = 50, cursor } = request.query
      const after = cursor ? cursors.keyOf(cursor) : undefined
      const page = await deps.deliveries.ofProject(request.actor, id, { ...(after ? { after } : {}), limit })
      const { views, unreadable } = shown(page.rows)
      logUnreadable(request.log, unreadable)
      return { deliveries: views, ...(page.next ? { nextCursor: cursors.encode(page.next) } : {}), unreadable }
    },
  )

  // Intake answers 409 INTAKE_DELIVERY_NOT_DUE, _WRONG_MODE or _OUT_OF_ORDER for a step it cannot take now.
  forwardedCommand(app, {
    url: '/applications/:id/delivery',
    summary:
      '结果送达 recorded: collected (现场送达 已领取, with 签收人 and day), posted (寄递送达 已寄出, with tracking number) or signed (已签收, with day) — clerk; forwarded to intake',
    body: RecordDeliveryBody,
    response: { 200: Type.Object({ delivery: ResultDelivery }) },
    to: deps.intake,
    authorise: (request) => authorised(request, { action: 'delivery.record' }),
  })
}
