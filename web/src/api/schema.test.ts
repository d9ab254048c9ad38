// @vitest-environment node
// schema.d.ts and enums.ts must be what `npm run gen:api` makes of the
// committed openapi.json, which the Go test TestOpenAPI holds to the server.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderCommitted } from '../../scripts/api-schema.mjs'

describe('generated API files', () => {
  it('are current with openapi.json (else: npm run gen:api)', async () => {
    const stale = Object.entries(await renderCommitted())
      .filter(([file, text]) => readFileSync(file, 'utf8') !== text)
      .map(([file]) => basename(file))
    expect(stale).toEqual([])
  }, 30_000)
})
