// The app administration walk of the e2e suite (issue 15): 通知公告 and 预约服务.
// A health_staff user of 秀容街道 writes a notice and submits it; the street's
// region admin sees why they may not approve their own; a leader of 忻府区
// approves it; the demo grid worker reads it in the app and the read count
// shows, drilled down by region. The grid worker books two visits; the team's
// capacity is set to one a day, one booking fills the day, and scheduling the
// other offers the next free day, taken in one click. Screenshots at 1440 and
// 390 px as region_admin and health_staff. The staff are created through the
// API (their password changed and an authenticator enrolled, as a new account
// must); the rest is the console. run.mjs calls it with its own helpers.
import { createHmac } from 'node:crypto'
import { request } from 'playwright-core'

const STREET = '140902001000' // 秀容街道
const XINFU = '140902000000' // 忻府区
const GRID = '140902001002001' // 东大街社区's first grid, the demo grid worker's

/** totp is the RFC 6238 code of a base32 secret for one 30-second counter. */
function totp(secret, counter) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const ch of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0')
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)))
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(counter))
  const h = createHmac('sha1', key).update(msg).digest()
  const o = h[h.length - 1] & 0xf
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

/**
 * nextCode is a code the server has not seen for this user: now, else the
 * step after the last one used, waiting for the clock when that is more than
 * the one step ahead the server allows.
 */
async function nextCode(user) {
  const step = () => Math.floor(Date.now() / 30_000)
  while ((user.counter ?? 0) + 1 > step() + 1) await new Promise((r) => setTimeout(r, 1000))
  user.counter = Math.max(step(), (user.counter ?? 0) + 1)
  return totp(user.secret, user.counter)
}

async function call(ctx, method, path, data) {
  const res = await ctx.fetch(path, { method, data })
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`)
  return res.status() === 204 ? null : res.json()
}

/** login answers a session for the user: password, then a TOTP code when the account has one. */
async function loginAs(rq, base, user) {
  let r = await call(rq, 'POST', `${base}/api/v1/auth/login`, { username: user.username, password: user.password })
  if (r.mfa_required) r = await call(rq, 'POST', `${base}/api/v1/auth/totp`, { mfa_token: r.mfa_token, code: await nextCode(user) })
  return r
}

/** apiAs is an API client signed in as the user (a bearer token, no cookies). */
async function apiAs(base, user) {
  const anon = await request.newContext({ baseURL: base })
  const r = await loginAs(anon, base, user)
  await anon.dispose()
  return request.newContext({ baseURL: base, extraHTTPHeaders: { Authorization: `Bearer ${r.token}` } })
}

export async function appAdminWalk({ base, password, step, shot, expect, newSession, login, openMenu, page }) {
  const p = () => page()
  const tag = Date.now() % 100000
  const doctor = { username: `e2edoc${tag}`, name: '李医生', role: 'health_staff', region: STREET }
  const leader = { username: `e2elead${tag}`, name: '王主任', role: 'leader', region: XINFU }
  const title = `E2E 秋冬季流感疫苗接种通知 ${tag}`
  const grid = { username: 'grid', password }
  let noticeId = ''
  let day = ''
  const notes = { a: `E2E 上门随访甲 ${tag}`, b: `E2E 上门随访乙 ${tag}` }
  const ids = {}
  let member

  /** signs the browser in as a created user: the API sets the session cookies the console uses */
  async function signIn(user, path) {
    await newSession()
    await loginAs(p().request, base, user)
    await p().goto(`${base}${path}`)
    await p().getByTestId('side-menu').waitFor()
  }

  /** screenshots the page as it is, then at a phone's width */
  async function shots(name) {
    await shot(`${name}-1440`)
    await p().setViewportSize({ width: 390, height: 844 })
    await shot(`${name}-390`)
    await p().setViewportSize({ width: 1440, height: 900 })
  }

  async function confirmBox() {
    await p().locator('.el-message-box:visible .el-button--primary').click()
    await p().locator('.el-message-box').waitFor({ state: 'hidden' })
  }

  await step('app admin: a health worker and a leader with their own accounts', async () => {
    const admin = await apiAs(base, { username: 'admin', password })
    for (const u of [doctor, leader]) {
      u.password = `E2e#Init${tag}x`
      await call(admin, 'POST', '/api/v1/users', {
        username: u.username,
        name: u.name,
        phone: `137${String(tag).padStart(5, '0')}${u === doctor ? '001' : '002'}`,
        roles: [u.role],
        region_code: u.region,
        password: u.password,
      })
      const api = await apiAs(base, u)
      const fresh = `E2e#Work${tag}y`
      await call(api, 'POST', '/api/v1/me/password', { old_password: u.password, new_password: fresh })
      u.password = fresh
      u.secret = (await call(api, 'POST', '/api/v1/me/totp/setup')).secret
      await call(api, 'POST', '/api/v1/me/totp/enable', { code: await nextCode(u) })
      u.api = api // the session stays good once its pending steps are taken
    }
    await admin.dispose()
  })

  await step('notices: a health worker writes a notice and submits it', async () => {
    await signIn(doctor, '/notices')
    await p().getByTestId('notices-table').waitFor()
    await p().getByTestId('notice-create').click()
    const form = p().getByTestId('notice-form')
    await form.waitFor()
    await form.locator('input[name=title]').fill(title)
    await form.locator('textarea[name=body]').fill(
      '各社区居民：\n\n秋冬季是流感高发季节，辖区社区卫生服务站即日起为 60 岁以上老人免费接种流感疫苗。\n\n请携带身份证前往，咨询电话见社区公示栏。',
    )
    const targets = await form.getByTestId('notice-targets').innerText()
    expect(targets.includes('秀容街道'), `the author's region is the default target: ${targets}`)
    await shots('n1-notice-editor-health_staff')
    await p().getByTestId('notice-save').click()
    const drawer = p().getByTestId('notice-drawer')
    await drawer.getByTestId('notice-submit').click()
    await confirmBox()
    await drawer.locator('[data-status=pending]').waitFor()
    const why = await drawer.getByTestId('notice-why').innerText()
    expect(why.includes('等待'), `a writer without review waits for a reviewer: ${why}`)
    expect((await drawer.getByTestId('notice-approve').count()) === 0, 'no approve button for the author')
    await shots('n2-notice-submitted-health_staff')
    await p().keyboard.press('Escape')
    const row = p().locator('[data-testid=notices-table] tbody tr', { hasText: title }).first()
    await row.locator('[data-status=pending]').waitFor()
    await shots('n3-notices-health_staff')
    noticeId = (await call(doctor.api, 'GET', `/api/v1/notices?q=${encodeURIComponent(title)}`)).items[0].id
  })

  await step('notices: the region admin may not approve their own notice', async () => {
    await newSession()
    await login('street')
    const api = await apiAs(base, { username: 'street', password })
    const own = await call(api, 'POST', '/api/v1/notices', {
      kind: 'article',
      title: `E2E 冬季健康科普 ${tag}`,
      body: '天气转冷，注意保暖。\n\n老年人晨练不宜过早。',
      target_codes: [STREET],
    })
    await call(api, 'POST', `/api/v1/notices/${own.id}/submit`, {})
    await api.dispose()
    await openMenu('notices')
    await p().locator('[data-testid=notices-table] tbody tr', { hasText: own.title }).first().click()
    const drawer = p().getByTestId('notice-drawer')
    await drawer.getByTestId('notice-body').getByText('老年人晨练不宜过早。').waitFor()
    expect((await drawer.innerText()).includes('秀容街道'), 'the drawer names the target regions')
    const why = await drawer.getByTestId('notice-why').innerText()
    expect(why.includes('作者以外'), `the author is told a reviewer other than them approves: ${why}`)
    expect((await drawer.getByTestId('notice-approve').count()) === 0, 'no approve button on one’s own notice')
    await shots('n4-notice-own-review-region_admin')
    await p().keyboard.press('Escape')
    await shots('n5-notices-region_admin')
  })

  await step('notices: the leader approves it and the read count shows', async () => {
    await signIn(leader, '/notices')
    await p().locator('[data-testid=notices-table] tbody tr', { hasText: title }).first().click()
    const drawer = p().getByTestId('notice-drawer')
    await drawer.getByTestId('notice-approve').click()
    await confirmBox()
    await drawer.locator('[data-status=published]').waitFor()
    await drawer.getByTestId('notice-reads-total').waitFor()
    // the demo grid worker reads it in the app
    const reader = await apiAs(base, grid)
    await call(reader, 'GET', `/api/v1/public/notices/${noticeId}`)
    await reader.dispose()
    await p().keyboard.press('Escape')
    await p().locator('[data-testid=notices-table] tbody tr', { hasText: title }).first().click()
    const total = await drawer.getByTestId('notice-reads-total').innerText()
    expect(/合计 1 人/.test(total), `one read in 忻府区: ${total}`)
    await drawer.getByTestId('notice-reads').locator('tbody tr', { hasText: '秀容街道' }).click()
    await drawer.getByTestId('notice-reads-total').getByText('秀容街道合计 1 人').waitFor()
    await shots('n6-notice-reads-leader')
  })

  await step('bookings: two visits booked on a day the team can take one', async () => {
    const booker = await apiAs(base, grid)
    const service = (await call(booker, 'GET', '/api/v1/public/services')).items[0]
    const staff = doctor.api
    member = (await call(staff, 'GET', `/api/v1/team-members?region=${GRID}&size=100`)).items.find((m) => m.user_id && m.unit_id)
    expect(member, `a member with an account serves ${GRID}`)
    const load = await call(staff, 'PUT', `/api/v1/bookings/teams/${member.unit_id}`, { per_day: 1 })
    day = load.days.find((d, i) => i > 0 && d.workday && d.free > 0)?.day
    expect(day, `a free working day in ${JSON.stringify(load.days)}`)
    for (const k of ['a', 'b']) {
      ids[k] = (await call(booker, 'POST', '/api/v1/public/bookings', { service: service.code, preferred_date: day, slot: 'am', note: notes[k] })).id
    }
    await call(staff, 'POST', `/api/v1/bookings/${ids.a}/schedule`, { member_id: member.id, at: `${day}T10:00:00+08:00` })
    await booker.dispose()
  })

  await step('bookings: a full day offers the next free day, taken in one click', async () => {
    await signIn(doctor, '/bookings')
    const row = p().locator('[data-testid=bookings-table] tbody tr', { hasText: notes.b }).first()
    await row.waitFor()
    await shots('b1-bookings-health_staff')
    await row.getByTestId('booking-schedule').click()
    const form = p().getByTestId('schedule-form')
    await form.waitFor()
    await form.getByTestId('schedule-member').click()
    await p().locator('.el-select-dropdown__item:visible', { hasText: member.name }).first().click()
    await p().getByTestId('schedule-save').click()
    const full = p().getByTestId('schedule-full')
    await full.waitFor()
    const text = await full.innerText()
    expect(text.includes(day), `the full day is named: ${text}`)
    const next = text.match(/\d{4}-\d{2}-\d{2}/g).find((d) => d !== day)
    expect(next && next > day, `a later day is offered: ${text}`)
    await shots('b2-schedule-full-health_staff')
    await p().getByTestId('schedule-next').click()
    await full.waitFor({ state: 'detached' })
    await row.locator('[data-status=scheduled]').waitFor()
    expect((await row.innerText()).includes(next), `scheduled on ${next}: ${await row.innerText()}`)
  })

  await step('bookings: the team load and the catalogue', async () => {
    await openMenu('booking-teams')
    await p().getByTestId('team-unit').click()
    await p().keyboard.type(member.unit_name.slice(0, 4))
    await p().locator('.el-select-dropdown__item:visible', { hasText: member.unit_name }).first().click()
    const d = p().locator(`[data-testid=team-load] [data-day="${day}"]`)
    expect((await d.innerText()).includes('空余 0'), `the day is full: ${await d.innerText()}`)
    await shots('b3-team-load-health_staff')
    expect((await p().getByTestId('menu-booking-services').count()) === 0, 'health staff do not edit the catalogue')
    await newSession()
    await login('street')
    await openMenu('bookings')
    await p().locator('[data-testid=bookings-table] tbody tr', { hasText: notes.b }).first().waitFor()
    await shots('b4-bookings-region_admin')
    await openMenu('booking-services')
    await p().locator('[data-testid=services-table] tbody tr').first().waitFor()
    await p().getByTestId('service-create').click()
    await p().getByTestId('service-form').waitFor()
    await shots('b5-service-editor-region_admin')
    await p().keyboard.press('Escape')
    await shots('b6-services-region_admin')
    await openMenu('booking-teams')
    await shots('b7-team-load-region_admin')
  })
  for (const u of [doctor, leader]) await u.api?.dispose()
}
