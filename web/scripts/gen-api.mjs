// Generates src/api/schema.d.ts from the server's OpenAPI document.
//
//   npm run gen:api                       # from the committed src/api/openapi.json
//   npm run gen:api -- --check            # fail when schema.d.ts is stale (run by npm run build)
//   npm run gen:api -- http://host:8080   # from a running server, to try a change before committing
//
// The committed openapi.json is rewritten from the app by `make openapi`
// (the Go test TestOpenAPI with -update), which then runs this script.
import { readFile, writeFile } from 'node:fs/promises'
import { OPENAPI_FILE, SCHEMA_FILE, renderCommitted, renderSchema } from './api-schema.mjs'

const arg = process.argv[2]

if (arg === '--check') {
  const [want, have] = await Promise.all([renderCommitted(), readFile(SCHEMA_FILE, 'utf8')])
  if (want !== have) {
    console.error('src/api/schema.d.ts is stale against src/api/openapi.json: run `npm run gen:api`')
    process.exit(1)
  }
} else if (arg && /^https?:\/\//.test(arg)) {
  const url = arg.endsWith('.json') ? arg : arg.replace(/\/$/, '') + '/api/openapi.json'
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  await writeFile(SCHEMA_FILE, await renderSchema(await res.json()))
  console.log(`wrote ${SCHEMA_FILE} from ${url}`)
} else {
  const src = arg ?? OPENAPI_FILE
  await writeFile(SCHEMA_FILE, await renderSchema(JSON.parse(await readFile(src, 'utf8'))))
  console.log(`wrote ${SCHEMA_FILE} from ${src}`)
}
