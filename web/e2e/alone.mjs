// One walk of the e2e suite run by itself against a demo server, with the
// helpers run.mjs would hand it. The environment as for run.mjs
// (HEALTHGRID_URL, HEALTHGRID_DATA, HEALTHGRID_DEMO_PASSWORD,
// CHROMIUM_PATH); E2E_ONLY, a regular expression, keeps only the steps
// whose names match.
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

/** isMain tells whether the module at url is the script node was started with. */
export function isMain(url) {
  return process.argv[1] === fileURLToPath(url)
}

/** runAlone launches Chromium, runs walk with base, password, data, shots, browser, step and expect, and exits 1 on a failed step. */
export async function runAlone(walk) {
  const shots = fileURLToPath(new URL('./screenshots/', import.meta.url))
  await mkdir(shots, { recursive: true })
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
  const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null
  let failed = 0
  const step = async (name, fn) => {
    if (only && !only.test(name)) return
    try {
      await fn()
      console.log(`ok   ${name}`)
    } catch (e) {
      failed++
      console.log(`FAIL ${name}: ${String(e?.message ?? e).split('\n').slice(0, 3).join(' | ')}`)
    }
  }
  const expect = (cond, msg) => {
    if (!cond) throw new Error(msg)
  }
  try {
    await walk({
      base: (process.env.HEALTHGRID_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, ''),
      password: process.env.HEALTHGRID_DEMO_PASSWORD ?? 'Demo@2026',
      data: process.env.HEALTHGRID_DATA ?? 'data',
      shots,
      browser,
      step,
      expect,
    })
  } finally {
    await browser.close()
  }
  process.exit(failed ? 1 : 0)
}
