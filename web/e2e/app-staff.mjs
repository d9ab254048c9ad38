// The field worker's walk of the app (issue 15) on a 390×844 phone with
// touch: the grid worker signs in at /app/, sees the inbox and searches it,
// opens a case and signs for it and handles it with a photo; the demo
// resident books a home visit, the street office schedules it to the grid
// worker, and it appears under 随访 and is recorded — the resident filled in
// from the booking — with a watermarked photo; a visit with a photo for a
// resident of the grid; the street office, on its own phone, schedules
// another booking to the grid worker (taking the next free day when the
// team's day is full); then, offline, another — the outbox keeps it — and
// once back online exactly one visit reaches the server. The screens are
// shot in normal and elder mode. run.mjs calls it with its own step and
// expect; the SMS code is read from the demo server's outbox file
// (HEALTHGRID_DATA).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PHONE = { width: 390, height: 844 }
const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const HERE = { latitude: 38.4775, longitude: 112.7305 } // 忻州, 东大街社区第1网格 (WGS-84)

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

async function signIn(page, base, password, username = 'grid') {
  await page.goto(`${base}/app/`)
  await page.waitForURL(/\/app\/login/)
  await page.getByRole('tab', { name: '密码登录' }).click()
  await page.locator('input[name=username]').fill(username)
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

/** smsCode is the last code the demo server's outbox file holds for a phone. */
async function smsCode(phone) {
  const file = join(process.env.HEALTHGRID_DATA ?? '', 'sms-outbox.log')
  for (let i = 0; i < 50; i++) {
    const lines = (await readFile(file, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean)
    const code = lines.map((l) => JSON.parse(l)).filter((m) => m.phone === phone).pop()?.text.match(/验证码是(\d{6})/)?.[1]
    if (code) return code
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`no SMS code for ${phone} in ${file}`)
}

/** call is one API request with a token, its answer's JSON (a problem thrown with its status). */
async function call(base, token, method, path, data) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: data === undefined ? undefined : JSON.stringify(data),
  })
  const body = await res.json().catch(() => null)
  if (!res.ok) throw Object.assign(new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`), { status: res.status, body })
  return body
}

const residents = new Map()

/** residentToken signs the demo resident in by SMS once a walk: a second code within a minute is refused. */
async function residentToken(base) {
  const phone = '13800000001'
  if (!residents.has(base)) {
    await call(base, '', 'POST', '/api/v1/auth/sms/send', { phone })
    residents.set(base, (await call(base, '', 'POST', '/api/v1/auth/sms/login', { phone, code: await smsCode(phone) })).token)
  }
  return residents.get(base)
}

/**
 * requestedVisit is a home visit the demo resident (13800000001, linked to a
 * resident of 东大街社区) books on a day of the grid worker's team's next
 * two weeks (by default the first after today with room): the booking, its
 * note, the street office's and the grid worker's tokens, the worker's team
 * member and the team's days.
 */
async function requestedVisit(base, password, pick = (days) => days.find((d, i) => i > 0 && d.workday && d.free > 0)) {
  const resident = await residentToken(base)
  const street = (await call(base, '', 'POST', '/api/v1/auth/login', { username: 'street', password })).token
  const grid = (await call(base, '', 'POST', '/api/v1/auth/login', { username: 'grid', password })).token
  const me = await call(base, grid, 'GET', '/api/v1/me')
  const member = (await call(base, street, 'GET', '/api/v1/team-members?size=100')).items.find((m) => m.user_id === me.id && m.unit_id)
  if (!member) throw new Error('the grid worker is no team member the street office may schedule to')
  const note = `E2E 上门测血压 ${Date.now() % 100_000}`
  const days = (await call(base, street, 'GET', `/api/v1/bookings/teams/${member.unit_id}`)).days
  const day = pick(days)?.day
  if (!day) throw new Error(`no day to book: ${JSON.stringify(days)}`)
  const b = await call(base, resident, 'POST', '/api/v1/public/bookings', { service: 'HOME-VISIT', preferred_date: day, slot: 'am', note })
  if (!b.resident_id) throw new Error(`the demo resident's booking names no resident: ${JSON.stringify(b)}`)
  return { booking: b, note, day, street, grid, member, days }
}

/** bookedVisit is a requested visit the street office schedules to the grid worker, as the console's 预约服务 does. */
async function bookedVisit(base, password) {
  const { booking: b, note, day, street, member } = await requestedVisit(base, password)
  await call(base, street, 'POST', `/api/v1/bookings/${b.id}/schedule`, { member_id: member.id, at: `${day}T09:30:00+08:00` })
  return { id: b.id, note, residentId: b.resident_id }
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
      // the search and the tabs are the server's: a case's number finds it
      const number = (await api('/api/v1/inbox?size=50')).items.find((x) => x.number)?.number
      const asked = page.waitForResponse((r) => r.url().includes('/api/v1/inbox?') && r.url().includes(`q=${number}`))
      await page.getByTestId('inbox-search').locator('input').fill(number)
      await asked
      await page.getByTestId('inbox-found').getByText('找到').waitFor()
      const found = await page.getByTestId('inbox-item').allInnerTexts()
      expect(found.length >= 1 && found.every((x) => x.includes(number)), `the search finds ${number}: ${found.join(' | ')}`)
      await shot('01-inbox-search')
      await page.getByTestId('inbox-search').locator('input').fill('zzz-none')
      await page.getByText('没有找到').waitFor()
      await page.getByTestId('inbox-search').locator('input').fill('')
      await page.getByTestId('inbox-tabs').getByRole('tab', { name: /上门服务/ }).click()
      await page.getByTestId('inbox-item').first().waitFor()
      const kinds = await page.getByTestId('inbox-item').locator('header .van-tag:first-child').allInnerTexts()
      expect(kinds.every((k) => k === '上门服务'), `the tab shows home visits only: ${kinds}`)
      await shot('01-inbox-visits')
      await page.getByTestId('inbox-tabs').getByRole('tab', { name: /全部/ }).click()
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
      // a resident with a phone, found by name as a worker at the door would
      const { items } = await api('/api/v1/residents?size=100')
      const who = items.find((r) => r.phone && r.name.length > 1)
      expect(who, 'a resident of the grid has a phone')
      await page.getByTestId('grid-search').locator('input').fill(who.name)
      await page.getByTestId('grid-search').locator('input').press('Enter')
      await page.getByTestId('resident-row').filter({ hasText: who.name }).first().waitFor()
      await shot('04-grid-search')
      await page.getByTestId('resident-row').filter({ hasText: who.name }).first().click()
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

    await step('app: a booking scheduled by the street office is visited from 随访, its resident filled in', async () => {
      const booking = await bookedVisit(base, password)
      await page.goto(`${base}/app/visits`)
      const card = page.getByTestId('booking').filter({ hasText: booking.note })
      await card.waitFor()
      const text = await card.innerText()
      expect(/\d+月\d+日 周. 09:30/.test(text), `the card says when, as in China: ${text}`)
      expect(text.includes('已实名'), `the card names the linked resident: ${text}`)
      await card.scrollIntoViewIfNeeded()
      await shot('06-visits-bookings')
      await card.getByTestId('booking-visit').click()
      await page.waitForURL(/\/app\/visits\/new\?booking_id=/)
      await page.getByTestId('visit-resident').waitFor()
      expect((await page.getByTestId('resident-search').count()) === 0, 'no picker when the booking names its resident')
      await page.getByTestId('visit-kind').getByText('慢病随访').click()
      await page.getByTestId('visit-notes').locator('textarea').fill('上门测血压 138/86，空腹血糖 6.8，嘱低盐饮食。')
      await page.getByTestId('visit-location').getByText('WGS-84').waitFor()
      await addPhoto(page, '上门')
      await shot('06-visit-from-booking')
      await page.getByTestId('visit-submit').click()
      await page.waitForURL(/\/app\/visits\/[0-9a-f-]{36}$/)
      const v = await api(`/api/v1/visits/${page.url().split('/visits/')[1]}`)
      expect(v.booking_id === booking.id && v.resident_id === booking.residentId, `the visit is the booking's: ${JSON.stringify(v)}`)
      expect(v.photos?.length === 1 && v.photos[0].watermarked, `the photo is watermarked: ${JSON.stringify(v.photos)}`)
      expect((await api(`/api/v1/bookings/${booking.id}`)).status === 'done', 'the booking is done')
      await page.getByTestId('visit-photo').first().locator('img').waitFor()
      await shot('06-visit-from-booking-saved')
      await page.getByTestId('visit-photo').first().click()
      await page.locator('.van-image-preview__image img').first().waitFor()
      await shot('06-visit-watermark')
      await page.keyboard.press('Escape')
    })

    await step('app: the street office schedules a booking from the phone to the grid worker, a full day moved on', async () => {
      // the team's busiest day ahead, made its last: scheduling to it is refused with the next free day
      const busiest = (days) => days.filter((d, i) => i > 0 && d.workday && d.booked > 0).sort((a, b) => b.booked - a.booked)[0]
      const { booking, note, day, street, grid, member, days } = await requestedVisit(base, password, busiest)
      const team = `/api/v1/bookings/teams/${member.unit_id}`
      const { per_day: perDay } = await call(base, street, 'GET', team)
      await call(base, street, 'PUT', team, { per_day: days.find((d) => d.day === day).booked })
      const office = await phoneContext(browser, base)
      const p = office.page
      const at = (name) => p.waitForTimeout(400).then(() => p.screenshot({ path: `${SHOTS}app-staff-${name}.png` }))
      try {
        await signIn(p, base, password, 'street')
        await p.goto(`${base}/app/visits`)
        await p.getByTestId('to-schedule').waitFor()
        await at('10-visits-street')
        await p.getByTestId('to-schedule').click()
        await p.waitForURL(/\/app\/bookings-to-schedule$/)
        const row = p.getByTestId('to-schedule-row').filter({ hasText: note })
        await row.waitFor()
        const text = await row.innerText()
        expect(text.includes('****') && text.includes(`期望 ${booking.preferred_date} 上午`), `the row shows the masked booker and the day: ${text}`)
        expect((await wideness(p)) <= 0, 'the list does not scroll sideways')
        await at('10-to-schedule')
        await row.click()
        await p.waitForURL(/\/app\/bookings-to-schedule\/[0-9a-f-]{36}$/)
        await p.getByTestId('schedule-member').filter({ hasText: member.name }).first().click()
        await at('10-schedule-form')
        await p.getByTestId('schedule-submit').click()
        const offered = p.getByTestId('schedule-next').filter({ hasText: /改到/ })
        await offered.waitFor()
        const offer = await offered.innerText()
        expect(/^改到 \d+月\d+日$/.test(offer.trim()), `the full day offers the next free one: ${offer}`)
        await at('10-schedule-full')
        await offered.click()
        await p.waitForURL(/\/app\/bookings-to-schedule$/)
        await p.getByTestId('to-schedule').waitFor()
        const mine = await call(base, grid, 'GET', '/api/v1/bookings?mine=true&size=100')
        const got = mine.items.find((x) => x.id === booking.id)
        expect(got?.status === 'scheduled' && got.member_id === member.id, `the booking is in the grid worker's 待上门: ${JSON.stringify(got)}`)
        const [, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(got.scheduled_at)).split('-').map(Number)
        expect(offer.includes(`${m}月${d}日`) && got.scheduled_at.length > 0, `scheduled on the day offered: ${got.scheduled_at} (${offer})`)
        expect(!(await p.getByTestId('to-schedule-row').filter({ hasText: note }).count()), 'it leaves the list to schedule')
      } finally {
        await office.context.close()
        await call(base, street, 'PUT', team, { per_day: perDay })
      }
      const elder = await phoneContext(browser, base, true)
      try {
        await signIn(elder.page, base, password, 'street')
        await elder.page.goto(`${base}/app/bookings-to-schedule`)
        await elder.page.getByTestId('to-schedule-row').first().click()
        await elder.page.getByTestId('schedule-member').first().waitFor()
        expect((await wideness(elder.page)) <= 0, 'the schedule form does not scroll sideways in elder mode')
        await elder.page.waitForTimeout(400)
        await elder.page.screenshot({ path: `${SHOTS}app-staff-elder-07-schedule-form.png` })
      } finally {
        await elder.context.close()
      }
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
      await page.goto(`${base}/app/visits?tab=records`)
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
      await p.getByTestId('booking').first().waitFor()
      expect((await wideness(p)) <= 0, 'the bookings do not scroll sideways in elder mode')
      expect(!(await p.getByTestId('to-schedule').count()), 'a grid worker, who schedules nothing, has no 安排预约')
      await at('05-visits-bookings')
      await p.goto(`${base}/app/visits?tab=records`)
      await p.getByTestId('visit-row').first().waitFor()
      await at('06-visits')
    } finally {
      await elder.context.close()
    }
  })
}
