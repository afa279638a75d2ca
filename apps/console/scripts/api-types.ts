import { DEFAULT_BODY_LIMIT, openApiDocument } from '@onewindow/gateway'
import openapiTS, { astToString } from 'openapi-typescript'

/** Where the generated types live (ignored by git: `pnpm generate` writes them before a build or a typecheck). */
export const API_TYPES = new URL('../src/generated/api.ts', import.meta.url)

/** The TypeScript of the gateway's OpenAPI as this checkout's code registers it. */
export async function apiTypes(): Promise<string> {
  const doc = await openApiDocument({ rateLimits: 'off', corsOrigins: [], bodyLimit: DEFAULT_BODY_LIMIT })
  const ast = await openapiTS(doc as Parameters<typeof openapiTS>[0])
  return `// Generated from the gateway's OpenAPI by apps/console/scripts/write-api-types.ts. Do not edit.\n${astToString(ast)}`
}
