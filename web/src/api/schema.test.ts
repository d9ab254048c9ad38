// @vitest-environment node
// schema.d.ts and enums.ts must be what `npm run gen:api` makes of the
// committed openapi.json, which the Go test TestOpenAPI holds to the server.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OPENAPI_FILE, renderCommitted, renderEnums } from '../../scripts/api-schema.mjs'

describe('generated API files', () => {
  it('are current with openapi.json (else: npm run gen:api)', async () => {
    const stale = Object.entries(await renderCommitted())
      .filter(([file, text]) => readFileSync(file, 'utf8') !== text)
      .map(([file]) => basename(file))
    expect(stale).toEqual([])
  }, 30_000)

  it('refuse a route needing a permission the server does not list', () => {
    const doc = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'))
    expect(doc.paths['/api/v1/users'].get['x-permissions']).toEqual(['user:read'])
    expect(() => renderEnums(doc)).not.toThrow()
    doc.paths['/api/v1/users'].get['x-permissions'] = ['user:raed']
    expect(() => renderEnums(doc)).toThrow(/GET \/api\/v1\/users needs user:raed/)
  })
})
