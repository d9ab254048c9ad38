// Every demo role on every tab of the app (issue 15), at a phone's 390×844
// with touch and at a desktop's 1440×900: each account signs in at /app/
// through the sign-in form in a browser of its own, opens each tab of its
// tab bar (随访 only for those who read visits) and finds the tab's content drawn (no spinner left, no list that
// failed to load), no page or console error, nothing wider than the window;
// a resident is sent home from staff's to-dos and staff from a resident's
// report form. Every tab is shot at both sizes (app-roles-<who>-<width>-<tab>).
// run.mjs calls it with its own step and expect; the accounts are walked a
// few at a time.

const STAFF = ['admin', 'xinfu', 'dingxiang', 'street', 'grid', 'cdc']
const RESIDENT = '13800000001'
const NO_VISITS = ['cdc'] // reads no visits: goes without 随访
const STAFF_TABS = [
  ['inbox', '待办'],
  ['grid', '网格'],
  ['visits', '随访'],
  ['messages', '消息'],
  ['me', '我的'],
]
const RESIDENT_TABS = [
  ['home', '首页'],
  ['reports', '上报'],
  ['bookings', '预约'],
  ['messages', '消息'],
  ['me', '我的'],
]
const SIZES = [
  { name: '390', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  { name: '1440', viewport: { width: 1440, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
]
const PARALLEL = 4

/** drawn waits for a tab's content: its title, no spinner, and its list loaded (rows, or said empty). */
async function drawn(page) {
  await page.locator('.van-nav-bar__title').first().waitFor()
  await page.waitForFunction(() => {
    const shown = (el) => !!el && el.getClientRects().length > 0
    const title = document.querySelector('.van-nav-bar__title')?.textContent?.trim()
    if (!title) return false
    if ([...document.querySelectorAll('.van-loading, .van-list__loading')].some(shown)) return false
    return [...document.querySelectorAll('.van-list')].every(
      (l) => l.querySelector('.van-cell, .van-empty, .van-list__finished-text, [data-testid]') || l.querySelector('.van-list__error-text'),
    )
  })
  const failed = await page.locator('.van-list__error-text').count()
  if (failed) throw new Error(`a list failed to load: ${await page.locator('.van-list__error-text').first().innerText()}`)
}

/** walkAccount signs one account in at one size and opens each of its tabs. */
async function walkAccount({ browser, base, password, shots, expect }, who, size) {
  const context = await browser.newContext({
    viewport: size.viewport,
    isMobile: size.isMobile,
    hasTouch: size.hasTouch,
    deviceScaleFactor: size.deviceScaleFactor,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`)
  })
  const resident = who === RESIDENT
  const tabs = resident ? RESIDENT_TABS : STAFF_TABS.filter(([tab]) => tab !== 'visits' || !NO_VISITS.includes(who))
  try {
    await page.goto(`${base}/app/`)
    await page.waitForURL(/\/app\/login/)
    await page.getByRole('tab', { name: '密码登录' }).click()
    await page.locator('input[name=username]').fill(who)
    await page.locator('input[name=password]').fill(password)
    await page.locator('form button[type=submit]').click()
    await page.waitForURL(resident ? /\/app\/home$/ : /\/app\/inbox$/)

    const labels = (await page.locator('.van-tabbar-item__text').allInnerTexts()).map((s) => s.trim())
    expect(labels.join(' ') === tabs.map(([, label]) => label).join(' '), `${who}: the tab bar reads ${labels.join(' ')}`)
    for (const [tab] of tabs) {
      await page.getByTestId(`tab-${tab}`).click()
      await page.waitForURL(new RegExp(`/app/${tab}$`))
      await drawn(page).catch((e) => {
        throw new Error(`${who} ${size.name} /${tab}: ${e.message}`)
      })
      const { scroll, inner } = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, inner: innerWidth }))
      expect(scroll <= inner, `${who} ${size.name} /${tab}: ${scroll} px wide in a ${inner} px window`)
      await page.waitForTimeout(150) // the tab's transition
      await page.screenshot({ path: `${shots}app-roles-${resident ? 'resident' : who}-${size.name}-${tab}.png` })
    }

    // the other audience's pages send one home
    await page.goto(`${base}/app/${resident ? 'inbox' : 'report'}`)
    await page.waitForURL(resident ? /\/app\/home$/ : /\/app\/inbox$/)
    await drawn(page)
    expect(errors.length === 0, `${who} ${size.name}:\n${errors.join('\n')}`)
  } finally {
    await context.close()
  }
}

export async function appRolesWalk({ base, password, browser, step, expect, shots }) {
  const runs = [...STAFF, RESIDENT].flatMap((who) => SIZES.map((size) => [who, size]))
  const t0 = Date.now()
  for (let i = 0; i < runs.length; i += PARALLEL) {
    await Promise.all(
      runs.slice(i, i + PARALLEL).map(([who, size]) =>
        step(`app: ${who} at ${size.viewport.width}×${size.viewport.height}, every tab`, () =>
          walkAccount({ browser, base, password, shots, expect }, who, size),
        ),
      ),
    )
  }
  console.log(`     app roles: ${runs.length} sign-ins in ${Date.now() - t0} ms`)
}
