// The resident's walk of the app (issue 15) on a 390×844 phone with touch:
// a signed-out visitor reads the city's notices; a new resident registers
// with the SMS code read from the demo's SMS outbox (<data>/sms-outbox.log),
// picking the community county → township → community; reports a problem
// with a photo (a JPEG drawn in the page) at a point of 东大街社区's first
// grid and finds it in 我的上报; the demo grid worker closes it through the
// API and the resident rates it; books a service and cancels another; is
// told which part of a wrong ID number is wrong, then binds (a claim); opens
// the case from 消息, whose tab shows the unread count; and every screen is
// shot again in elder mode, which must not make any page wider than the
// phone. run.mjs calls it with its own helpers and browser; `node
// e2e/app-resident.mjs` runs it alone (HEALTHGRID_URL, HEALTHGRID_DATA).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { request } from 'playwright-core'
import { isMain, runAlone } from './alone.mjs'

const PHONE = { width: 390, height: 844 }
const GRID = '140902001002001'
const PASSWORD = 'Xinzhou@2026'

/** smsCode waits for the newest code texted to phone in the demo's SMS outbox. */
export async function smsCode(data, phone, after) {
  for (let i = 0; i < 50; i++) {
    const lines = (await readFile(join(data, 'sms-outbox.log'), 'utf8').catch(() => '')).trim().split('\n')
    for (const line of lines.reverse()) {
      if (!line) continue
      const m = JSON.parse(line)
      const code = /验证码是(\d{6})/.exec(m.text)?.[1]
      if (m.phone === phone && code && Date.parse(m.time) >= after - 1000) return code
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`no SMS code for ${phone} in ${data}/sms-outbox.log`)
}

/** gridPoint is a point inside the demo grid, from its boundary as the demo grid worker reads it. */
async function gridPoint(base) {
  const api = await request.newContext()
  const login = await api.post(`${base}/api/v1/auth/login`, { data: { username: 'grid', password: 'Demo@2026' } })
  const { token } = await login.json()
  const res = await api.get(`${base}/api/v1/regions/${GRID}`, { headers: { Authorization: `Bearer ${token}` } })
  const g = (await res.json()).geometry
  await api.dispose()
  const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0]).slice(0, -1)
  return { longitude: ring.reduce((a, q) => a + q[0], 0) / ring.length, latitude: ring.reduce((a, q) => a + q[1], 0) / ring.length }
}

/** closeCase has the demo grid worker handle the report himself and check it: the case closes. */
async function closeCase(base, id) {
  const api = await request.newContext()
  const login = await api.post(`${base}/api/v1/auth/login`, { data: { username: 'grid', password: 'Demo@2026' } })
  const headers = { Authorization: `Bearer ${(await login.json()).token}` }
  const act = async (data) => {
    const res = await api.post(`${base}/api/v1/events/${id}/actions`, { headers, data })
    if (!res.ok()) throw new Error(`${data.action}: ${res.status()} ${await res.text()}`)
    return res.json()
  }
  const ev = await act({ action: 'self_handle' })
  await act({ action: 'handle', task_id: ev.tasks.find((t) => t.status === 'accepted').id, comment: '已清理楼道杂物' })
  await act({ action: 'verify', comment: '核查通过' })
  await api.dispose()
}

/** idNumber is a valid ID number of 忻府区 born in 1950 (the check digit computed). */
function idNumber(seq) {
  const first = `14090219500101${String(seq % 1000).padStart(3, '0')}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first].reduce((a, d, i) => a + Number(d) * w[i], 0)
  return first + '10X98765432'[sum % 11]
}

export async function appResidentWalk({ base, data, browser, step, expect, shots }) {
  const app = `${base}/app`
  const errors = []
  const context = await browser.newContext({
    viewport: PHONE,
    hasTouch: true,
    isMobile: true,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    permissions: ['geolocation'],
    geolocation: await gridPoint(base),
  })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
  const shot = async (name) => {
    await page.waitForTimeout(500)
    await page.screenshot({ path: join(shots, `app-resident-${name}.png`) })
  }
  const wide = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  const phone = `139${String(Date.now()).slice(-8)}`
  const title = `楼道堆放杂物 ${phone.slice(-4)}`
  const names = {}

  await step('app: a signed-out visitor reads the city-wide notices', async () => {
    await page.goto(`${app}/login`)
    await page.getByRole('link', { name: '查看通知公告' }).tap()
    await page.waitForURL(/\/app\/notices$/)
    await page.locator('.van-tabs').waitFor()
    await shot('01-notices-open')
  })

  await step('app: a resident registers with the SMS code', async () => {
    await page.goto(`${app}/login`)
    await page.getByRole('link', { name: '居民注册' }).tap()
    await page.waitForURL(/\/register$/)
    await page.locator('input[name=phone]').fill(phone)
    const sent = Date.now()
    await page.getByTestId('send-code').tap()
    await page.locator('input[name=code]').fill(await smsCode(data, phone, sent))
    await page.locator('input[name=name]').fill('王秀兰')
    await page.locator('input[name=password]').fill(PASSWORD)
    await page.getByTestId('community').tap()
    for (const name of ['忻府区', '秀容街道', '东大街社区']) await page.locator('.van-cascader__option', { hasText: name }).first().tap()
    await page.waitForFunction(() => document.querySelector('input[name=region_code]')?.value.endsWith('东大街社区'))
    await shot('02-register')
    await page.getByTestId('register-submit').tap()
    await page.waitForURL(/\/app\/home$/)
    await page.getByTestId('entry-bind').waitFor()
    await shot('03-home')
  })

  await step('app: the resident reports a problem with a photo', async () => {
    await page.getByTestId('entry-report').tap()
    await page.waitForURL(/\/report$/)
    await page.getByTestId('location').getByText('已定位').waitFor()
    await page.getByTestId('matter').tap()
    while (await page.locator('.van-cascader').count()) {
      const tab = page.locator('.van-cascader .van-cascader__options').last().locator('.van-cascader__option').first()
      names.matter = await tab.innerText()
      await tab.tap()
      await page.waitForTimeout(300)
    }
    await page.locator('input[name=title]').fill(title)
    await page.locator('textarea[name=description]').fill('3 号楼 2 单元楼道堆放纸箱和旧家具，堵塞消防通道。')
    await page.locator('input[name=address]').fill('东大街 3 号楼 2 单元')
    const jpeg = await page.evaluate(() => {
      const c = document.createElement('canvas')
      c.width = 2400
      c.height = 1800
      const g = c.getContext('2d')
      g.fillStyle = '#8a6d3b'
      g.fillRect(0, 0, c.width, c.height)
      g.fillStyle = '#fff'
      g.font = '160px sans-serif'
      g.fillText('楼道堆物', 600, 950)
      return c.toDataURL('image/jpeg', 0.9).split(',')[1]
    })
    await page.locator('[data-testid=photos] input[type=file]').setInputFiles({ name: 'stairs.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg, 'base64') })
    await page.locator('.van-uploader__preview').first().waitFor()
    await shot('04-report')
    await page.getByTestId('report-submit').tap()
    await page.waitForURL(/\/reports\/[\w-]+$/)
    await page.getByTestId('report-title').getByText(title).waitFor()
    await page.locator('.photos img').first().waitFor()
    expect(await page.locator('.photos img').first().evaluate((img) => img.complete && img.naturalWidth > 0), 'the photo shows')
    await shot('05-report-detail')
  })

  await step('app: the report is in 我的上报', async () => {
    await page.goto(`${app}/reports`)
    await page.getByTestId('report-row').filter({ hasText: title }).waitFor()
    await shot('06-reports')
  })

  await step('app: the closed report is rated', async () => {
    await page.getByTestId('report-row').filter({ hasText: title }).tap()
    await page.waitForURL(/\/reports\/[\w-]+$/)
    await closeCase(base, page.url().split('/').pop())
    await page.reload()
    await page.getByTestId('report-status').getByText('已办结').waitFor()
    await page.locator('[data-testid=rate] .van-rate__item').nth(3).tap()
    await page.locator('[data-testid=rate] textarea').fill('处理及时，楼道干净了')
    await shot('06b-rate')
    await page.getByTestId('rate-submit').tap()
    await page.getByText('我的评价').waitFor()
    await page.getByText('已评价').waitFor()
    await shot('06c-rated')
  })

  await step('app: the resident books a service and cancels another', async () => {
    await page.goto(`${app}/home`)
    await page.getByTestId('tab-bookings').tap()
    await page.waitForURL(/\/bookings$/)
    for (const slot of ['am', 'pm']) {
      await page.getByTestId('book-new').tap()
      await page.waitForURL(/\/bookings\/new$/)
      await page.getByTestId('service').nth(slot === 'am' ? 0 : 1).tap()
      await page.getByTestId(`slot-${slot}`).tap()
      await page.locator('textarea').first().fill('老人行动不便，请上门测血压')
      if (slot === 'am') await shot('07-book')
      await page.getByTestId('book-submit').tap()
      await page.waitForURL(/\/bookings$/)
    }
    const rows = page.getByTestId('booking-row')
    await rows.filter({ hasText: '待安排' }).nth(1).waitFor()
    await rows.first().getByTestId('booking-cancel').tap()
    await page.locator('.van-dialog__confirm').tap()
    await rows.filter({ hasText: '已取消' }).first().waitFor()
    await shot('08-bookings')
  })

  await step('app: binding says which part of an ID number is wrong, then claims', async () => {
    await page.goto(`${app}/me`)
    await page.getByTestId('me-bind').tap()
    await page.waitForURL(/\/me\/bind$/)
    const id = idNumber(Number(phone.slice(-3)))
    await page.locator('input[name=id_number]').fill(id.slice(0, 17) + (id[17] === '1' ? '2' : '1'))
    await page.getByTestId('bind-submit').tap()
    await page.getByText('校验位').waitFor()
    await shot('09-bind-wrong')
    await page.locator('input[name=id_number]').fill(id)
    await page.getByTestId('bind-submit').tap()
    await page.getByTestId('bind-state').getByText('待社区核实').waitFor()
    await shot('10-bind-claimed')
  })

  await step('app: messages, with the unread count on the tab', async () => {
    await page.goto(`${app}/home`)
    await page.locator('[data-testid=tab-messages] .van-badge').waitFor() // the case's steps were told
    await page.getByTestId('tab-messages').tap()
    await page.waitForURL(/\/messages$/)
    await page.locator('.van-tabs').waitFor()
    await page.waitForLoadState('networkidle')
    await shot('11-messages')
    await page.getByTestId('message').first().tap()
    await page.waitForURL(/\/reports\/[\w-]+$/)
    await page.getByTestId('report-title').waitFor()
  })

  await step('app: elder mode on every resident screen, none wider than the phone', async () => {
    await page.goto(`${app}/me`)
    await page.locator('.van-switch').first().tap()
    await page.locator('html.elder').waitFor({ state: 'attached' })
    await shot('12-me-elder')
    for (const [path, name] of [['home', 'home'], ['report', 'report'], ['reports', 'reports'], ['bookings', 'bookings'], ['bookings/new', 'book'],
      ['me/bind', 'bind'], ['messages', 'messages'], ['notices', 'notices']]) {
      await page.goto(`${app}/${path}`)
      await page.locator('.van-nav-bar').waitFor()
      await page.waitForLoadState('networkidle')
      expect((await wide()) <= 0, `${path} is ${await wide()} px wider than the phone in elder mode`)
      await shot(`13-elder-${name}`)
    }
    await page.goto(`${app}/reports`)
    await page.getByTestId('report-row').first().tap()
    await page.getByTestId('report-title').waitFor()
    await shot('13-elder-report-detail')
  })

  await step('app: no page errors on the resident screens', async () => {
    expect(errors.length === 0, errors.join('\n'))
  })
  await context.close()
}

// alone: node e2e/app-resident.mjs (HEALTHGRID_URL, HEALTHGRID_DATA as for run.mjs)
if (isMain(import.meta.url)) await runAlone(appResidentWalk)
