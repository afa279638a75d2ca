import { Actor } from '@onewindow/contracts'
import { validationFailed } from '@onewindow/service-kit'
import { Type } from 'typebox'
import { actorFromClaims, Unauthenticated } from '../auth.js'
import type { RoutePlugin } from './plugin.js'

/** Mints a token for a chosen actor; made by `devLoginOf` only when the gateway holds the HS256 secret. */
export type DevLogin = (actor: Actor) => string

/** How long a development token lives: a working day at the desk. */
export const DEV_TOKEN_TTL = '8h'

/**
 * `POST /api/v1/dev/login`: the sign-in page of a development run and the browser tests pick a role (and its
 * department, credit code, provider or region) and get a token, as an identity provider would give one. Registered
 * only when the gateway was started with `DEV_LOGIN=on`; production signs in with the city's identity provider
 * (docs/security.md).
 * The same checks as a real token's claims apply (a reviewer names its department, …), so a token minted here is
 * one the gateway would accept from anyone holding the secret, and no more.
 */
export function devLoginRoutes(mint: DevLogin): RoutePlugin {
  return async (app) => {
    app.post(
      '/dev/login',
      {
        schema: {
          summary:
            'Development only (DEV_LOGIN=on): a bearer token for the actor in the body; absent from a production gateway',
          tags: ['development'],
          body: Type.Object(
            {
              sub: Type.Optional(Actor.properties.sub),
              role: Actor.properties.role,
              department: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
              creditCode: Type.Optional(Type.String({ minLength: 1, maxLength: 18 })),
              provider: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
              // A reviewer's or lead's region (行政区划代码), as an identity provider's `region` claim: the browser
              // tests sign in regional department users with it (docs/security.md "Regional authority").
              region: Type.Optional(Type.String({ minLength: 6, maxLength: 6, pattern: '^\\d{6}$' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ token: Type.String(), actor: Actor }) },
        },
      },
      async (request) => {
        const { sub, ...claims } = request.body
        // A regional user is another person than the department-wide one: its own subject, so the audit and the
        // per-user stream cap tell them apart.
        const subject =
          sub ??
          `${claims.role}-${claims.department ?? claims.creditCode ?? claims.provider ?? 'dev'}${claims.region ? `@${claims.region}` : ''}`
        let actor: Actor
        try {
          actor = actorFromClaims({ sub: subject, ...claims })
        } catch (err) {
          if (err instanceof Unauthenticated) {
            const regional = claims.role === 'reviewer' || claims.role === 'lead'
            const field =
              regional && !claims.department
                ? '/body/department'
                : !regional && claims.region !== undefined
                  ? '/body/region'
                  : '/body'
            throw validationFailed('body', [{ field, message: err.message }])
          }
          throw err
        }
        return { token: mint(actor), actor }
      },
    )
  }
}
