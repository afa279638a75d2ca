import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { API_TYPES, apiTypes } from '../scripts/api-types.js'

// The console is typed against src/generated/api.ts; `pnpm typecheck` compiles it. This checks that file is the
// gateway's API as this checkout registers it, so a route changed without `pnpm generate` fails here by name.
describe("the console's typed client", () => {
  it("is generated from the gateway's OpenAPI as the code registers it now", async () => {
    const written = await readFile(API_TYPES, 'utf8').catch(() => '')
    expect(written, 'src/generated/api.ts is stale or missing: run `pnpm generate`').toBe(await apiTypes())
  })

  it('names the routes the console calls', async () => {
    const types = await apiTypes()
    for (const route of ['/api/v1/dev/login', '/api/v1/projects', '/api/v1/tasks', '/api/v1/supervision/clocks'])
      expect(types).toContain(`"${route}"`)
  })
})
