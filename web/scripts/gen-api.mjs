// Generates src/api/schema.d.ts (the types) and src/api/enums.ts (the
// server's codes) from the server's OpenAPI document.
//
//   npm run gen:api                       # from the committed src/api/openapi.json
//   npm run gen:api -- --check            # fail when they are stale (run by npm run build)
//   npm run gen:api -- http://host:8080   # from a running server, to try a change before committing
//
// The committed openapi.json is rewritten from the app by `make openapi`
// (the Go test TestOpenAPI with -update), which then runs this script.
import { readFile, writeFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { OPENAPI_FILE, render, renderCommitted } from './api-schema.mjs'

const arg = process.argv[2]

async function load(src) {
  if (!/^https?:\/\//.test(src)) return JSON.parse(await readFile(src, 'utf8'))
  const url = src.endsWith('.json') ? src : src.replace(/\/$/, '') + '/api/openapi.json'
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  return res.json()
}

if (arg === '--check') {
  const stale = []
  for (const [file, want] of Object.entries(await renderCommitted())) {
    const have = await readFile(file, 'utf8').catch(() => '')
    if (have !== want) stale.push(relative(process.cwd(), file))
  }
  if (stale.length) {
    console.error(`${stale.join(', ')}: stale against src/api/openapi.json; run \`npm run gen:api\``)
    process.exit(1)
  }
} else {
  const src = arg ?? OPENAPI_FILE
  for (const [file, text] of Object.entries(await render(await load(src)))) {
    await writeFile(file, text)
    console.log(`wrote ${relative(process.cwd(), file)} from ${src}`)
  }
}
