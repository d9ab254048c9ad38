// The app's figures (docs/benchmarks.md, issue 15), measured in Chromium
// against a running demo server:
//
//   node scripts/app-figures.mjs http://127.0.0.1:8080
//
// - first screen: bytes transferred (as sent: gzipped) and the time until
//   it is usable, on Chromium's Slow 3G profile, signed out (sign-in) and
//   signed in (a resident's home, the grid worker's to-dos);
// - a repeat visit with the service worker: the same, with the shell and
//   assets from its cache.
// The time is until the screen's main element (its form, or its list with
// data) is rendered; the bytes are those transferred until then. The
// service worker registers after the first screen, so its precaching is
// not counted.
import { chromium } from 'playwright-core'
import { SLOW_3G } from './slow3g.mjs'

const BASE = process.argv[2] ?? 'http://127.0.0.1:8080'
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

async function throttled(context, page) {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G)
  let bytes = 0
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength
  })
  return { bytes: () => bytes }
}

/** visit opens /app/ and times it until selector shows. */
async function visit(context, selector, label) {
  const page = await context.newPage()
  const net = await throttled(context, page)
  const start = performance.now()
  await page.goto(BASE + '/app/', { waitUntil: 'commit' })
  await page.waitForSelector(selector, { timeout: 60_000 })
  const shown = performance.now() - start
  const bytes = net.bytes()
  const sw = await page.evaluate(() => !!navigator.serviceWorker?.controller)
  console.log(`${label}: ${(bytes / 1024).toFixed(1)} KB transferred, usable in ${(shown / 1000).toFixed(2)} s${sw ? ' (from the service worker)' : ''}`)
  await page.close()
}

async function signIn(context, body) {
  const res = await context.request.post(BASE + '/api/v1/auth/login', { data: body })
  if (!res.ok()) throw new Error(`sign-in ${res.status()}: ${await res.text()}`)
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'zh-CN' }
try {
  for (const [label, login, selector] of [
    ['sign-in, signed out', null, 'button[type=submit]'],
    ['grid worker, to-dos', { username: 'grid', password: 'Demo@2026' }, '[data-testid=inbox-item]'],
    ['resident, home', { username: '13800000001', password: 'Demo@2026' }, '[data-testid=home-notice]'],
  ]) {
    const context = await browser.newContext(phone)
    if (login) await signIn(context, login)
    await visit(context, selector, `first visit · ${label}`)
    // the worker installs on the first visit; wait until it controls the scope
    const page = await context.newPage()
    await page.goto(BASE + '/app/')
    await page.evaluate(() => navigator.serviceWorker?.ready)
    await page.close()
    await visit(context, selector, `repeat visit · ${label}`)
    await context.close()
  }
} finally {
  await browser.close()
}
