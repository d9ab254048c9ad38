// @vitest-environment node
// schema.d.ts must be what `npm run gen:api` makes of the committed
// openapi.json, which the Go test TestOpenAPI holds to the server.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SCHEMA_FILE, renderCommitted } from '../../scripts/api-schema.mjs'

describe('generated API types', () => {
  it('are current with openapi.json (else: npm run gen:api)', async () => {
    const fresh = await renderCommitted()
    expect(readFileSync(SCHEMA_FILE, 'utf8') === fresh, 'src/api/schema.d.ts is stale: run `npm run gen:api`').toBe(true)
  }, 30_000)
})
