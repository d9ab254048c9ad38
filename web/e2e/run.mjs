// End-to-end walk of the staff console in Debian's Chromium (playwright-core,
// no browser download). Needs a server in demo mode:
//
//   go run ./cmd/healthgrid serve --demo --data /tmp/hg-web-data --addr 127.0.0.1:8080
//   HEALTHGRID_URL=http://127.0.0.1:8080 HEALTHGRID_DATA=/tmp/hg-web-data npm run e2e
//
// (the app's walks read the demo's SMS codes from <data>/sms-outbox.log)
//
// Screenshots land in web/e2e/screenshots/. Exits non-zero when a step fails.
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { populationWalk } from './population.mjs'
import { gridWalk } from './grids.mjs'
import { matterWalk } from './matters.mjs'

const BASE = (process.env.HEALTHGRID_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const PASSWORD = process.env.HEALTHGRID_DEMO_PASSWORD ?? 'Demo@2026'
const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const TIMEOUT = 15_000

const results = []
let page
let context
const pageErrors = []
// Content-Security-Policy violations on any page: Chromium reports each on
// the console, and the init script below reports the securitypolicyviolation
// events too (for the directive and the sample).
const cspViolations = []

async function shot(name) {
  await page.waitForTimeout(400) // let Element Plus transitions settle
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: false })
}

async function step(name, fn) {
  const t0 = Date.now()
  try {
    await fn()
    results.push({ name, ok: true })
    console.log(`ok   ${name} (${Date.now() - t0} ms)`)
  } catch (e) {
    results.push({ name, ok: false, error: e })
    console.log(`FAIL ${name}: ${String(e?.message ?? e).split("\n").slice(0, 3).join(" | ")}`)
    await shot(`fail-${name.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined)
  }
}

function expect(cond, msg) {
  if (!cond) throw new Error(msg)
}

async function newSession() {
  await context?.close()
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  context.setDefaultTimeout(TIMEOUT)
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} ${e.sample}`),
    )
  })
  page = await context.newPage()
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|CSP violation/i.test(m.text())) {
      cspViolations.push(`${page.url()}: ${m.text()}`)
    }
  })
}

async function login(username) {
  await page.goto(`${BASE}/login`)
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.locator('[data-testid=side-menu], [data-testid=menu-button]').first().waitFor() // a phone's menu is in a drawer
}

async function logout() {
  await page.getByTestId('user-menu').click()
  await page.getByTestId('logout').click()
  await page.waitForURL(/\/login/)
}

async function openMenu(name) {
  await page.getByTestId(`menu-${name}`).click()
  await page.waitForURL(new RegExp(`/${name}`))
}

async function tableRows(testid, min = 1) {
  const rows = page.locator(`[data-testid=${testid}] .el-table__body-wrapper tbody tr`)
  await rows.nth(min - 1).waitFor()
  return rows.count()
}

async function mapPolygons() {
  const paths = page.locator('[data-testid=region-map] path.leaflet-interactive')
  await paths.first().waitFor()
  return paths
}

async function crumbs() {
  return (await page.getByTestId('region-breadcrumb').innerText()).split('/').map((s) => s.trim()).filter(Boolean)
}

await mkdir(SHOTS, { recursive: true })
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})

try {
  await newSession()

  await step('login page', async () => {
    await page.goto(`${BASE}/`)
    await page.waitForURL(/\/login/)
    await page.getByTestId('login-submit').waitFor()
    const meta = await (await page.request.get(`${BASE}/api/v1/meta`)).json()
    if (meta.demo) await page.getByTestId('demo-hint').waitFor()
    await shot('01-login')
  })

  await step('security headers on the console and the API', async () => {
    for (const res of [await page.goto(`${BASE}/login`), await page.request.get(`${BASE}/api/v1/meta`)]) {
      const h = res.headers()
      const csp = h['content-security-policy'] ?? ''
      expect(csp.includes("default-src 'self'") && csp.includes("frame-ancestors 'none'") && !csp.includes('unsafe-eval'),
        `${res.url()}: Content-Security-Policy ${csp}`)
      expect(h['x-frame-options'] === 'DENY', `${res.url()}: X-Frame-Options ${h['x-frame-options']}`)
      expect(h['x-content-type-options'] === 'nosniff', `${res.url()}: X-Content-Type-Options ${h['x-content-type-options']}`)
      expect(h['referrer-policy'] === 'same-origin', `${res.url()}: Referrer-Policy ${h['referrer-policy']}`)
      expect(BASE.startsWith('https:') === 'strict-transport-security' in h, `${res.url()}: Strict-Transport-Security only under TLS`)
    }
    await page.getByTestId('login-submit').waitFor()
  })

  await step('a CSP violation would be noticed', async () => {
    const before = cspViolations.length
    await page.evaluate(() => {
      const s = document.createElement('style')
      s.textContent = 'body { outline: 0 }'
      document.head.append(s)
    })
    for (let i = 0; i < 50 && cspViolations.length === before; i++) await page.waitForTimeout(100)
    expect(cspViolations.length > before, 'an inline <style> was refused and counted')
    await page.waitForTimeout(500) // the console's own report of it, and the event's
    cspViolations.splice(before)
  })

  await step('wrong password is refused', async () => {
    await page.locator('input[name=username]').fill('admin')
    await page.locator('input[name=password]').fill('not-the-password')
    await page.getByTestId('login-submit').click()
    await page.getByTestId('login-error').waitFor()
  })

  await step('SMS tab counts down after sending a code', async () => {
    const meta = await (await page.request.get(`${BASE}/api/v1/meta`)).json()
    if (!meta.sms_login) return
    await page.getByRole('tab', { name: '短信验证码' }).click()
    await page.locator('input[name=phone]').fill('13800000001')
    await page.getByTestId('sms-send').click()
    await page.getByTestId('sms-send').getByText(/秒后重发/).waitFor()
    expect(await page.getByTestId('sms-send').isDisabled(), 'the send button waits')
    await shot('01b-login-sms')
    await page.getByRole('tab', { name: '账号密码' }).click()
  })

  await step('admin signs in', async () => {
    await login('admin')
    await page.waitForURL(/\/workbench/) // the landing: 工作台
    for (const m of ['workbench', 'regions', 'units', 'users', 'audit', 'account']) {
      await page.getByTestId(`menu-${m}`).waitFor()
    }
    await openMenu('regions')
  })

  await step('region browser: city', async () => {
    const polys = await mapPolygons()
    const n = await polys.count()
    expect(n >= 10, `expected the counties on the map, got ${n} polygons`)
    await tableRows('region-children', 10)
    expect((await crumbs())[0].includes('忻州'), 'breadcrumb starts at 忻州市')
    await page.waitForTimeout(500)
    await shot('02-regions-city')
  })

  await step('region browser: drill down on the map', async () => {
    const before = await crumbs()
    const polys = await mapPolygons()
    // click the middle of the first county polygon
    const box = await polys.first().boundingBox()
    expect(box, 'polygon has a box')
    await polys.first().click({ force: true })
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid=region-breadcrumb]')?.textContent?.split('/').filter((s) => s.trim()).length > n,
      before.length,
    )
    await mapPolygons()
    await tableRows('region-children', 1)
    await page.waitForTimeout(500)
    const after = await crumbs()
    expect(after.length === before.length + 1, `breadcrumb grew: ${after.join(' / ')}`)
    await shot('03-regions-county')
  })

  await step('region browser: drill down from the table to a village', async () => {
    for (let i = 0; i < 2; i++) {
      const before = (await crumbs()).length
      await page.locator('[data-testid=region-children] .el-table__body-wrapper tbody tr .el-link').first().click()
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid=region-breadcrumb]')?.textContent?.split('/').filter((s) => s.trim()).length > n,
        before,
      )
    }
    await mapPolygons()
    await page.waitForTimeout(500)
    await shot('04-regions-village')
  })

  await step('region browser: locate a point', async () => {
    // a point inside the first grid of the current village
    const village = await page.evaluate(() => JSON.parse(sessionStorage.getItem('hg.region') ?? 'null'))
    expect(village?.code, 'a current region is remembered')
    const res = await page.request.get(`${BASE}/api/v1/regions?parent=${village.code}&geometry=true`)
    const grid = (await res.json()).items?.find((r) => r.geometry)
    expect(grid, `the village ${village.code} has grids with boundaries`)
    const ring = grid.geometry.type === 'Polygon' ? grid.geometry.coordinates[0] : grid.geometry.coordinates[0][0]
    const pts = ring.slice(0, -1)
    const lng = pts.reduce((a, p) => a + p[0], 0) / pts.length
    const lat = pts.reduce((a, p) => a + p[1], 0) / pts.length
    const inputs = page.locator('[data-testid=locate-box] input')
    await inputs.nth(0).fill(lng.toFixed(6))
    await inputs.nth(0).blur()
    await inputs.nth(1).fill(lat.toFixed(6))
    await inputs.nth(1).blur()
    await page.getByTestId('locate-submit').click()
    await page.getByTestId('locate-result').waitFor()
    const text = await page.getByTestId('locate-result').innerText()
    expect(text.includes(grid.code), `located ${grid.code}: ${text}`)
    await page.getByTestId('locate-result').getByRole('button').click()
    await page.waitForTimeout(500)
    await shot('05-regions-locate')
  })

  await step('region browser: edit dialog opens for admin', async () => {
    await page.getByTestId('region-edit').click()
    await page.getByTestId('region-form').waitFor()
    await shot('06-regions-edit')
    await page.keyboard.press('Escape')
    await page.getByTestId('region-form').waitFor({ state: 'hidden' })
  })

  await step('units', async () => {
    await page.getByTestId('region-home').click()
    await openMenu('units')
    const n = await tableRows('units-table', 5)
    expect(n >= 5, `units listed: ${n}`)
    await shot('07-units')
  })

  await step('units: form validation and create', async () => {
    await page.getByTestId('unit-create').click()
    await page.getByTestId('unit-form').waitFor()
    await page.getByTestId('unit-save').click()
    await page.locator('[data-testid=unit-form] .el-form-item__error').first().waitFor()
    await shot('08-units-validation')
    const name = `E2E 测试卫生室 ${Date.now() % 100000}`
    await page.locator('[data-testid=unit-form] input[name=name]').fill(name)
    await page.locator('[data-testid=unit-form] .el-select').first().click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '村卫生室' }).first().click()
    await page.getByTestId('unit-save').click()
    await page.getByTestId('unit-form').waitFor({ state: 'hidden' })
    await page.locator('input[placeholder="单位名称"]').fill(name)
    await page.locator('input[placeholder="单位名称"]').press('Enter')
    await page.locator('[data-testid=units-table] tbody tr', { hasText: name }).first().waitFor()
  })

  await step('users', async () => {
    await openMenu('users')
    const n = await tableRows('users-table', 3)
    expect(n >= 3, `users listed: ${n}`)
    await shot('09-users')
  })

  await step('users: create one and see the initial password once', async () => {
    const username = `e2e${Date.now() % 1000000}`
    await page.getByTestId('user-create').click()
    const form = page.getByTestId('user-form')
    await form.waitFor()
    await form.locator('input[name=username]').fill(username)
    await form.locator('input[name=name]').fill('测试用户')
    await form.locator('input[name=phone]').fill(`139${String(Date.now()).slice(-8)}`)
    await page.getByTestId('user-roles').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '网格员' }).first().click()
    await page.keyboard.press('Escape')
    await shot('10-users-create')
    await page.getByTestId('user-save').click()
    await page.getByTestId('one-time-secret').waitFor()
    const secret = (await page.getByTestId('one-time-secret').innerText()).trim()
    expect(secret.length >= 8, 'a temporary password is shown')
    await shot('11-users-initial-password')
    await page.locator('.el-dialog:visible').getByRole('button', { name: '关闭', exact: true }).click()
    await page.locator('[data-testid=users-table] tbody tr', { hasText: username }).first().waitFor()
  })

  await step('audit and chain verification', async () => {
    await openMenu('audit')
    await tableRows('audit-table', 3)
    await page.getByTestId('audit-verify').click()
    await page.getByTestId('audit-verify-result').waitFor()
    const cls = await page.getByTestId('audit-verify-result').getAttribute('class')
    expect(cls.includes('success'), `verification ok: ${await page.getByTestId('audit-verify-result').innerText()}`)
    await shot('12-audit')
  })

  await step('my account and TOTP enrolment', async () => {
    await openMenu('account')
    await page.getByTestId('account-profile').waitFor()
    await page.getByTestId('totp-setup').click()
    await page.getByTestId('totp-qr').waitFor()
    await page.waitForTimeout(300)
    await shot('13-account')
  })

  await step('English switch is remembered', async () => {
    await page.getByTestId('lang-switch').first().click()
    await page.locator('.el-dropdown-menu__item:visible', { hasText: 'English' }).click()
    await page.getByTestId('menu-users').getByText('Users').waitFor()
    await page.reload()
    await page.getByTestId('menu-users').getByText('Users').waitFor()
    await openMenu('users')
    await tableRows('users-table', 1)
    await shot('14-english-users')
    await page.getByTestId('lang-switch').first().click()
    await page.locator('.el-dropdown-menu__item:visible', { hasText: '简体中文' }).click()
    await page.getByTestId('menu-users').getByText('用户管理').waitFor()
  })

  await step('admin signs out', async () => {
    await logout()
  })

  await step('xinfu sees only its subtree', async () => {
    await newSession()
    await login('xinfu')
    await page.waitForURL(/\/workbench/)
    await openMenu('regions')
    await mapPolygons()
    const c = await crumbs()
    expect(c[0] === '忻府区', `breadcrumb starts at 忻府区: ${c.join(' / ')}`)
    const tree = await page.getByTestId('region-tree').innerText()
    expect(tree.includes('忻府区') && !tree.includes('定襄县'), 'tree root is 忻府区')
    const city = await page.request.get(`${BASE}/api/v1/regions/140900000000`)
    expect(city.status() === 404, `the city is out of scope: ${city.status()}`)
    const other = await page.request.get(`${BASE}/api/v1/regions?parent=140921000000`)
    expect(other.status() === 404 || (await other.json()).items?.length === 0, `定襄县 is out of scope: ${other.status()}`)
    await page.waitForTimeout(500)
    await shot('15-xinfu-regions')
  })

  await step('xinfu: lists stay inside 忻府区', async () => {
    if (await page.getByTestId('menu-users').count()) {
      await openMenu('users')
      await tableRows('users-table', 1)
      const regions = await page.locator('[data-testid=users-table] tbody tr td:nth-child(5)').allInnerTexts()
      expect(regions.every((r) => !/定襄|原平|五台/.test(r)), `users outside: ${regions.join(',')}`)
      await shot('16-xinfu-users')
    }
    if (await page.getByTestId('menu-units').count()) {
      await openMenu('units')
      await tableRows('units-table', 1)
      const regions = await page.locator('[data-testid=units-table] tbody tr td:nth-child(3)').allInnerTexts()
      expect(regions.every((r) => !/定襄|原平|五台/.test(r)), `units outside: ${regions.join(',')}`)
    }
    await logout()
  })

  await step('grid worker sees a narrow console', async () => {
    await newSession()
    await login('grid')
    expect((await page.getByTestId('menu-users').count()) === 0, 'no user management for a grid worker')
    expect((await page.getByTestId('menu-audit').count()) === 0, 'no audit for a grid worker')
    await page.waitForTimeout(500)
    await shot('17-grid-worker')
  })

  await (await import('./calendar.mjs')).calendarWalk({ base: BASE, password: PASSWORD, step, shot, expect, newSession, login, openMenu, page: () => page })
  await populationWalk({ base: BASE, password: PASSWORD, step, shot, expect, newSession, login, logout, openMenu, tableRows, page: () => page })
  await gridWalk({ base: BASE, step, shot, expect, newSession, login, logout, openMenu, tableRows, page: () => page })
  await matterWalk({ step, shot, expect, newSession, login, logout, openMenu, tableRows, page: () => page })
  await (await import('./events.mjs')).eventWalk({ step, shot, expect, newSession, login, logout, page: () => page })
  await (await import('./notifications.mjs')).notificationWalk({ base: BASE, password: PASSWORD, step, shot, expect, newSession, login, logout, page: () => page })
  await (await import('./apikeys.mjs')).apiKeyWalk({ base: BASE, step, shot, expect, newSession, login, openMenu, page: () => page })
  await (await import('./indicators.mjs')).indicatorsWalk({ base: BASE, step, shot, expect, newSession, login, logout, page: () => page })
  await (await import('./workbench.mjs')).workbenchWalk({ step, shot, expect, newSession, login, logout, page: () => page })
  await (await import('./appadmin.mjs')).appAdminWalk({ base: BASE, password: PASSWORD, step, shot, expect, newSession, login, openMenu, page: () => page })
  await (await import('./residentaccounts.mjs')).residentAccountsWalk({ base: BASE, password: PASSWORD, step, shot, expect, newSession, login, openMenu, page: () => page })
  await (await import('./app-staff.mjs')).appStaffWalk({ base: BASE, password: PASSWORD, step, expect, page: () => page })
  await (await import('./app-resident.mjs')).appResidentWalk({ base: BASE, data: process.env.HEALTHGRID_DATA ?? 'data', browser, step, expect, shots: SHOTS })
  await (await import('./app-checkin.mjs')).appCheckinWalk({ base: BASE, data: process.env.HEALTHGRID_DATA ?? 'data', password: PASSWORD, browser, step, expect, shots: SHOTS })
  await (await import('./app-roles.mjs')).appRolesWalk({ base: BASE, password: PASSWORD, browser, step, expect, shots: SHOTS })
  await (await import('./screenings.mjs')).screeningsWalk({ base: BASE, password: PASSWORD, browser, step, expect })
  await (await import('./trace.mjs')).traceWalk({ base: BASE, password: PASSWORD, browser, step, expect })
  await (await import('./epidemic.mjs')).epidemicWalk({ base: BASE, password: PASSWORD, browser, step, expect })
  await (await import('./venues.mjs')).venuesWalk({ base: BASE, password: PASSWORD, browser, step, expect })
  await (await import('./chains.mjs')).chainsWalk({ base: BASE, password: PASSWORD, browser, step, expect })
  await (await import('./warning.mjs')).warningWalk({ base: BASE, password: PASSWORD, browser, step, expect })
  await (await import('./riskareas.mjs')).riskAreasWalk({ base: BASE, password: PASSWORD, browser, step, expect })

  await step('no uncaught page errors', async () => {
    expect(pageErrors.length === 0, pageErrors.join('\n'))
  })

  await step('no Content-Security-Policy violations', async () => {
    for (const v of new Set(cspViolations)) console.log(`  ${v}`)
    expect(cspViolations.length === 0, `${cspViolations.length} violations:\n${[...new Set(cspViolations)].join('\n')}`)
  })
} finally {
  await browser.close()
}

const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
console.log(`\nscreenshots: ${SHOTS}`)
console.log(`e2e: ${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
