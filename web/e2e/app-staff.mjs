// The field worker's walk of the app (issue 15) on a 390×844 phone with
// touch: the grid worker signs in at /app/, sees the inbox, opens a case and
// signs for it and handles it with a photo, records a visit with a photo;
// then, offline, records another — the outbox keeps it — and once back
// online exactly one visit reaches the server. The screens are shot in
// normal and elder mode. run.mjs calls it with its own step and expect.
import { fileURLToPath } from 'node:url'

const PHONE = { width: 390, height: 844 }
const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const HERE = { latitude: 38.4167, longitude: 112.7337 } // 忻州, 东大街 (WGS-84)

/** phoneContext is a phone's browser: touch, Beijing time, the location granted. */
async function phoneContext(browser, base, elder = false) {
  const context = await browser.newContext({
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: HERE,
    permissions: ['geolocation'],
  })
  context.setDefaultTimeout(15_000)
  if (elder) await context.addInitScript(() => localStorage.setItem('hg.elder', '1'))
  return { context, page: await context.newPage(), base }
}

/** jpeg is a photo drawn in the page, as a camera would give it. */
async function jpeg(page, label) {
  const b64 = await page.evaluate((text) => {
    const c = document.createElement('canvas')
    c.width = 2400
    c.height = 1800
    const g = c.getContext('2d')
    const grad = g.createLinearGradient(0, 0, 2400, 1800)
    grad.addColorStop(0, '#6a8caf')
    grad.addColorStop(1, '#c9d6a3')
    g.fillStyle = grad
    g.fillRect(0, 0, 2400, 1800)
    g.fillStyle = '#fff'
    g.font = 'bold 160px sans-serif'
    g.fillText(text, 200, 900)
    return c.toDataURL('image/jpeg', 0.9).split(',')[1]
  }, label)
  return { name: `${label}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(b64, 'base64') }
}

/** addPhoto puts a photo in the form's camera input. */
async function addPhoto(page, label) {
  await page.locator('[data-testid=photos] input[type=file]').first().setInputFiles(await jpeg(page, label))
  await page.locator('[data-testid=photos] .van-uploader__preview').first().waitFor()
  await page.locator('[data-testid=photos] .van-uploader__mask').waitFor({ state: 'detached' })
}

async function signIn(page, base, password) {
  await page.goto(`${base}/app/`)
  await page.waitForURL(/\/app\/login/)
  await page.getByRole('tab', { name: '密码登录' }).click()
  await page.locator('input[name=username]').fill('grid')
  await page.locator('input[name=password]').fill(password)
  await page.locator('form button[type=submit]').click()
  await page.waitForURL(/\/app\/inbox/)
}

/** queued counts the outbox's writes waiting in the page's IndexedDB. */
function queued(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('hg-app')
        req.onerror = () => reject(req.error)
        req.onsuccess = () => {
          const all = req.result.transaction('outbox').objectStore('outbox').getAll()
          all.onsuccess = () => resolve(all.result.filter((x) => x.state !== 'done').length)
          all.onerror = () => reject(all.error)
        }
      }),
  )
}

/** keptText is everything the read cache holds on the phone, as text. */
function keptText(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const req = indexedDB.open('hg-app')
        req.onsuccess = () => {
          const all = req.result.transaction('cache').objectStore('cache').getAll()
          all.onsuccess = () => resolve(JSON.stringify(all.result))
        }
      }),
  )
}

async function wideness(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

export async function appStaffWalk({ base, password, step, expect, page: consolePage }) {
  const browser = consolePage().context().browser()
  const { context, page } = await phoneContext(browser, base)
  const shot = async (name) => {
    await page.waitForTimeout(400)
    await page.screenshot({ path: `${SHOTS}app-staff-${name}.png` })
  }
  const api = async (path) => (await page.request.get(`${base}${path}`)).json()
  let residentId = ''

  try {
    await step('app: the grid worker signs in and sees the inbox', async () => {
      await signIn(page, base, password)
      await page.getByTestId('inbox-item').first().waitFor()
      const counts = await api('/api/v1/inbox/counts')
      expect(counts.total > 0, `the grid worker has to-dos: ${JSON.stringify(counts)}`)
      const first = await page.getByTestId('inbox-item').first().innerText()
      expect(/待签收|待核查|待处置|待报到|待上门/.test(first), `an item says what it waits for: ${first}`)
      expect((await wideness(page)) <= 0, 'the inbox does not scroll sideways')
      await shot('01-inbox')
      await page.getByTestId('inbox-search').locator('input').fill('zzz-none')
      await page.getByText('暂无待办').waitFor()
      await page.getByTestId('inbox-search').locator('input').fill('')
    })

    await step('app: a case is signed for and handled with a photo', async () => {
      await page.getByTestId('inbox-item').filter({ hasText: '待签收' }).first().click()
      await page.waitForURL(/\/app\/events\//)
      const id = page.url().split('/events/')[1]
      await page.getByTestId('nav').click()
      await page.getByText('高德地图').waitFor()
      await shot('02-event-nav')
      await page.getByRole('button', { name: '取消' }).click()
      await page.getByText('高德地图').waitFor({ state: 'hidden' })
      await page.getByTestId('act-accept').click()
      await addPhoto(page, '签收')
      await shot('02-event-accept')
      await page.getByTestId('action-submit').click()
      await page.getByTestId('act-handle').waitFor()
      await page.getByTestId('act-handle').click()
      await page.getByTestId('action-comment').locator('textarea').fill('已到现场清理完毕，附处置后照片')
      await addPhoto(page, '处置')
      await page.getByTestId('action-submit').click()
      await page.getByTestId('act-handle').waitFor({ state: 'detached' })
      const e = await api(`/api/v1/events/${id}`)
      const me = await api('/api/v1/me')
      const mine = (e.timeline ?? []).filter((x) => x.actor_id === me.id && ['accept', 'handle'].includes(x.action))
      expect(mine.map((x) => x.action).join() === 'accept,handle' && mine.every((x) => x.attachments?.length === 1),
        `signed and handled, each with its photo: ${JSON.stringify(mine)}`)
      await shot('03-event-handled')
    })

    await step('app: my grid lists residents, masked; a call reveals the phone, kept nowhere', async () => {
      await page.goto(`${base}/app/grid`)
      await page.getByTestId('resident-row').first().waitFor()
      await shot('04-grid')
      await page.getByTestId('resident-row').first().click()
      await page.waitForURL(/\/app\/residents\//)
      residentId = page.url().split('/residents/')[1]
      const masked = await page.getByTestId('resident-phone').innerText()
      expect(masked.includes('****'), `the phone is masked: ${masked}`)
      await shot('05-resident')
      // the call leaves for tel: — in a page of its own, which headless Chromium then leaves stuck
      const caller = await context.newPage()
      await caller.goto(page.url())
      const reveal = caller.waitForResponse((r) => r.url().endsWith(`/residents/${residentId}/reveal`) && r.request().method() === 'POST')
      await caller.getByTestId('call').click()
      await caller.getByRole('button', { name: '确认' }).click()
      const full = (await (await reveal).json()).phone
      await caller.close()
      expect(/^1\d{10}$/.test(full), `the reveal answers the number: ${full}`)
      expect(!(await keptText(page)).includes(full), 'the revealed number is not in the read cache')
    })

    await step('app: a visit is recorded with a watermarked photo', async () => {
      await page.goto(`${base}/app/visits/new?resident_id=${residentId}`)
      await page.getByTestId('visit-resident').waitFor()
      await page.getByTestId('visit-kind').getByText('老年人健康随访').click()
      await page.getByTestId('visit-notes').locator('textarea').fill('血压 135/85，按时服药，生活能自理。')
      await page.getByTestId('visit-location').getByText('WGS-84').waitFor()
      await addPhoto(page, '随访')
      await shot('06-visit-new')
      await page.getByTestId('visit-submit').click()
      await page.waitForURL(/\/app\/visits\/[0-9a-f-]{36}$/)
      await page.getByTestId('visit-photo').first().locator('img').waitFor()
      const v = await api(`/api/v1/visits/${page.url().split('/visits/')[1]}`)
      expect(v.photos?.length === 1 && v.photos[0].watermarked, `the photo is watermarked: ${JSON.stringify(v.photos)}`)
      await shot('07-visit')
      await page.goto(`${base}/app/visits`)
      await page.getByTestId('visit-row').first().waitFor()
      await shot('08-visits')
    })

    await step('app: offline, a visit waits in the outbox and reaches the server once', async () => {
      const before = (await api(`/api/v1/visits?resident_id=${residentId}`)).total
      await page.goto(`${base}/app/visits/new?resident_id=${residentId}`)
      await page.getByTestId('visit-location').getByText('WGS-84').waitFor()
      await context.setOffline(true)
      await page.getByTestId('visit-kind').getByText('重点人群走访').click()
      await page.getByTestId('visit-notes').locator('textarea').fill('离线记录：入户走访，情况稳定。')
      await addPhoto(page, '离线')
      await page.getByTestId('visit-submit').click()
      await page.waitForURL(/\/app\/visits$/)
      expect((await queued(page)) === 1, 'one write waits on the phone')
      const badge = page.getByTestId('outbox-badge')
      await badge.waitFor()
      expect((await badge.innerText()).includes('1 条待同步'), `the badge says 1: ${await badge.innerText()}`)
      await shot('09-offline-queued')
      await context.setOffline(false)
      for (let i = 0; i < 120 && (await queued(page)) > 0; i++) await page.waitForTimeout(500)
      expect((await queued(page)) === 0, 'the outbox is empty once online')
      const after = (await api(`/api/v1/visits?resident_id=${residentId}`)).total
      expect(after === before + 1, `exactly one visit more: ${before} → ${after}`)
    })
  } finally {
    await context.close()
  }

  await step('app: the staff screens in elder mode', async () => {
    const elder = await phoneContext(browser, base, true)
    const p = elder.page
    try {
      await signIn(p, base, password)
      await p.getByTestId('inbox-item').first().waitFor()
      const size = await p.evaluate(() => parseFloat(getComputedStyle(document.querySelector('[data-testid=inbox-item] h3')).fontSize))
      expect(size >= 18, `elder mode's item titles are ≥ 18 px: ${size}`)
      expect((await wideness(p)) <= 0, 'the inbox does not scroll sideways in elder mode')
      const at = (name) => p.screenshot({ path: `${SHOTS}app-staff-elder-${name}.png` })
      await p.waitForTimeout(400)
      await at('01-inbox')
      await p.getByTestId('inbox-item').first().click()
      await p.waitForURL(/\/app\/events\//)
      await p.getByTestId('event-title').waitFor()
      await p.waitForTimeout(400)
      await at('02-event')
      await p.goto(`${base}/app/grid`)
      await p.getByTestId('resident-row').first().waitFor()
      await at('03-grid')
      await p.goto(`${base}/app/visits/new?resident_id=${residentId}`)
      await p.getByTestId('visit-location').getByText('WGS-84').waitFor()
      expect((await wideness(p)) <= 0, 'the visit form does not scroll sideways in elder mode')
      await at('04-visit-new')
      await p.goto(`${base}/app/visits`)
      await p.getByTestId('visit-row').first().waitFor()
      await at('05-visits')
    } finally {
      await elder.context.close()
    }
  })
}
