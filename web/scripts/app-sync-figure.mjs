// The offline figure of issue 15 (docs/benchmarks.md), against a running
// demo server:
//
//   node scripts/app-sync-figure.mjs http://127.0.0.1:8080 [records] [with-photo]
//
// The grid worker's phone holds 100 writes made with no signal — 50 event
// reports and 50 visit records, 30 of them with a 1 MB photo — in the app's
// outbox (written into its IndexedDB as the app keeps them). The signal
// comes back on Chromium's Slow 3G profile: the time until the outbox is
// empty, and how many records the server holds afterwards (exactly 100).
import { chromium } from 'playwright-core'
import { SLOW_3G } from './slow3g.mjs'

const BASE = process.argv[2] ?? 'http://127.0.0.1:8080'
const RECORDS = Number(process.argv[3] ?? 100)
const WITH_PHOTO = Number(process.argv[4] ?? 30)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })
try {
  const api = async (method, path, data) => {
    const csrf = (await context.cookies()).find((c) => c.name === 'hg_csrf')?.value ?? ''
    const res = await context.request.fetch(BASE + path, { method, data, headers: { 'X-CSRF-Token': csrf } })
    if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`)
    return res.json()
  }
  await api('POST', '/api/v1/auth/login', { username: 'grid', password: 'Demo@2026' })
  const me = await api('GET', '/api/v1/me')
  const grid = me.region_code
  const residents = await api('GET', `/api/v1/residents?region=${grid}&page=1&size=50`)
  const events = async () => (await api('GET', `/api/v1/events?region=${grid}&page=1&size=1`)).total
  const visits = async () => (await api('GET', '/api/v1/visits?mine=true&page=1&size=1')).total
  const [events0, visits0] = [await events(), await visits()]

  const page = await context.newPage()
  await page.goto(BASE + '/app/')
  await page.waitForSelector('.van-tabbar')
  // the app reopens offline from its service worker, as a phone's would
  await page.evaluate(() => navigator.serviceWorker.ready)
  await page.reload()
  await page.waitForSelector('.van-tabbar')
  await context.setOffline(true)
  const seeded = await page.evaluate(
    async ({ n, withPhoto, user, grid, residentIds }) => {
      // a 1 MB JPEG: a noisy 1920×1440 picture, as a phone's photo after compression
      const canvas = document.createElement('canvas')
      canvas.width = 1920
      canvas.height = 1440
      const ctx = canvas.getContext('2d')
      const img = ctx.createImageData(1920, 1440)
      for (let i = 0; i < img.data.length; i += 4) {
        const v = (Math.random() * 255) | 0
        img.data[i] = v
        img.data[i + 1] = (v + i) & 255
        img.data[i + 2] = 128
        img.data[i + 3] = 255
      }
      ctx.putImageData(img, 0, 0)
      let photo
      for (let q = 0.6; q > 0.05; q -= 0.05) {
        photo = await new Promise((r) => canvas.toBlob(r, 'image/jpeg', q))
        if (photo.size <= 1024 * 1024) break
      }
      const db = await new Promise((resolve, reject) => {
        const req = indexedDB.open('hg-app', 1)
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => reject(req.error)
      })
      const tx = db.transaction('outbox', 'readwrite')
      const store = tx.objectStore('outbox')
      const start = Date.now()
      for (let i = 0; i < n; i++) {
        const report = i % 2 === 0
        const photos = i < withPhoto ? [photo] : []
        const body = report
          ? { source: 'grid_worker', matter_code: 'CRB-01', grid_code: grid, title: `离线上报 ${i + 1}`, description: '无信号时记录' }
          : { resident_id: residentIds[i % residentIds.length], kind: 'key_population', notes: `离线随访 ${i + 1}`, lng: 112.7339, lat: 38.4167 }
        store.put({
          id: crypto.randomUUID(),
          key: crypto.randomUUID(),
          user,
          state: 'queued',
          createdAt: start + i,
          uploaded: [],
          photoCount: photos.length,
          attempts: 0,
          kind: report ? 'report' : 'visit',
          title: body.title ?? body.notes,
          path: report ? '/api/v1/events' : '/api/v1/visits',
          body,
          photos,
        })
      }
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve
        tx.onerror = () => reject(tx.error)
      })
      return photo.size
    },
    { n: RECORDS, withPhoto: WITH_PHOTO, user: me.id, grid, residentIds: residents.items.map((r) => r.id) },
  )
  await page.reload()
  const badge = page.getByTestId('outbox-badge')
  await badge.waitFor()
  console.log(`queued offline: ${await badge.innerText()} (photo ${(seeded / 1024).toFixed(0)} KB)`)

  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G)
  const start = performance.now()
  await context.setOffline(false)
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G)
  await badge.waitFor({ state: 'detached', timeout: 60 * 60_000 })
  const took = (performance.now() - start) / 1000
  const [events1, visits1] = [await events(), await visits()]
  const made = events1 - events0 + (visits1 - visits0)
  console.log(`${RECORDS} records (${WITH_PHOTO} with a photo) synced on Slow 3G in ${took.toFixed(0)} s; the server holds ${made} new records (${events1 - events0} events, ${visits1 - visits0} visits)`)
  if (made !== RECORDS) process.exitCode = 1
} finally {
  await browser.close()
}
