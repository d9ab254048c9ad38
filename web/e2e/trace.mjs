// The tracing walk (issue 17, 流调溯源): the county CDC (demo account cdc)
// finds the demo cluster's trace among the recent ones, opens the index
// pupil's risk-person page and traces her from its 流调 button with 2 hops —
// close contacts and secondary ones grouped, exposures expanded, numbers
// masked — selects two close contacts and pushes them down, then opens the
// screening list the push made. Every demo account that holds
// epidemic:trace opens the page at 1440×900 and 390×844; the grid worker
// does not see it. Screens in web/e2e/screenshots/.
//
// run.mjs calls traceWalk; alone against a demo server:
//   HEALTHGRID_URL=http://127.0.0.1:18431 node e2e/trace.mjs
import { fileURLToPath } from 'node:url'
import { isMain, runAlone } from './alone.mjs'

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const SIZES = { desk: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } }
const CASE = '王梓涵' // the demo cluster's index pupil
const TRACERS = ['cdc', 'admin', 'xinfu', 'street', 'dingxiang']

async function session(browser, base, username, password, viewport) {
  const c = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  c.setDefaultTimeout(20_000)
  const page = await c.newPage()
  await page.goto(`${base}/login`)
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => !u.pathname.endsWith('/login'))
  return { c, page }
}

async function shotOf(page, name) {
  await page.waitForTimeout(400)
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: false })
}

export async function traceWalk({ base, password, browser, step, expect }) {
  const { c: desk, page } = await session(browser, base, 'cdc', password, SIZES.desk)

  await step('trace: the CDC finds the cluster among the recent traces', async () => {
    await page.getByTestId('side-menu').waitFor()
    if (!(await page.getByTestId('menu-epidemic-trace').isVisible())) await page.getByTestId('menu-group-epidemic').click()
    await page.getByTestId('menu-epidemic-trace').click()
    await page.waitForURL(/\/epidemic\/trace$/)
    // the seeded trace, pushed down as its two lists (later traces of the case may not be)
    await page.locator('[data-testid=trace-recent] tbody tr', { hasText: CASE }).filter({ hasText: '密接的密接' }).first().waitFor()
    await shotOf(page, 'trace-01-recent')
  })

  await step("trace: from the case's page, 2 hops, exposures and masked numbers", async () => {
    await page.getByTestId('menu-epidemic-persons').click()
    await page.getByTestId('persons-q').fill(CASE)
    await page.getByTestId('persons-filters').locator('button[type=submit]').click()
    await page.locator('[data-testid=persons-table] tbody tr', { hasText: CASE }).first().click()
    await page.getByTestId('person-page').waitFor()
    await page.getByTestId('person-trace').click()
    await page.waitForURL(/\/epidemic\/trace\?person=/)
    await page.getByTestId('trace-case').filter({ hasText: CASE }).waitFor()
    await page.getByTestId('trace-run').click()
    await page.getByTestId('trace-result').waitFor()
    const close = Number((await page.getByTestId('trace-close-count').innerText()).replace(/\D/g, ''))
    const secondary = Number((await page.getByTestId('trace-secondary-count').innerText()).replace(/\D/g, ''))
    expect(close >= 18 && secondary >= 14, `close ${close}, secondary ${secondary}`)
    expect((await page.getByTestId('trace-basis').innerText()).includes('发病日期'), 'the window counts back from the onset')
    const first = page.locator('[data-testid=trace-hop-1] tbody tr').first()
    expect(/\*{4}/.test(await first.innerText()), 'the ID numbers are masked')
    await first.locator('.el-table__expand-icon').click()
    await page.getByTestId('trace-exposures').first().waitFor()
    await shotOf(page, 'trace-02-result')
    await page.locator('[data-testid=trace-hop-2]').scrollIntoViewIfNeeded()
    await page.locator('[data-testid=trace-hop-2] tbody tr').first().locator('.el-table__expand-icon').click()
    await page.locator('[data-testid=trace-hop-2] [data-testid=trace-exposures]').first().waitFor()
    expect((await page.locator('[data-testid=trace-hop-2] [data-testid=trace-exposures]').first().innerText()).includes('王建国'),
      'a secondary contact came through the father')
    await shotOf(page, 'trace-03-secondary')
  })

  let chainHref = ''
  await step('trace: two close contacts pushed down, the list opened', async () => {
    await page.evaluate(() => window.scrollTo(0, 0))
    const boxes = page.locator('[data-testid=trace-hop-1] tbody tr .el-checkbox')
    await boxes.nth(0).click()
    await boxes.nth(1).click()
    await page.getByTestId('trace-push').click()
    await page.getByTestId('trace-push-form').waitFor()
    await page.getByTestId('trace-push-form').locator('input[name=name]').fill(`e2e 流调下发 ${Date.now() % 100000}`)
    await shotOf(page, 'trace-04-push')
    await page.getByTestId('trace-push-submit').click()
    await page.getByTestId('trace-pushed').filter({ hasText: '已下发 2 人' }).waitFor()
    await shotOf(page, 'trace-05-pushed')
    chainHref = await page.getByTestId('trace-open-chain').getAttribute('href')
    await page.getByTestId('trace-open-close').click()
    await page.waitForURL(/\/epidemic\/screenings\/[^/]+$/)
    await page.getByTestId('stat-received').filter({ hasText: /^2$/ }).waitFor()
    await shotOf(page, 'trace-06-list')
  })

  await step("trace: the case's chain opened from the trace, its layouts switched", async () => {
    expect(chainHref, 'the trace page links the chain')
    await page.goto(new URL(chainHref, base).href)
    await page.locator('[data-testid=chain-graph] canvas').first().waitFor()
    for (const label of ['代际层级', '时间轴']) {
      await page.getByTestId('chain-layout').getByText(label).click()
    }
    await shotOf(page, 'trace-07-chain')
  })
  await desk.close()

  for (const username of TRACERS) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      await step(`trace: ${username} opens the page at ${size}`, async () => {
        const { c, page } = await session(browser, base, username, password, viewport)
        await page.goto(`${base}/epidemic/trace`)
        await page.getByTestId('trace-form').waitFor()
        // 定襄县 sees no trace of 忻府区's case; the others see the cluster's
        if (username === 'dingxiang') await page.locator('[data-testid=trace-recent] .el-table__empty-text').waitFor()
        else await page.locator('[data-testid=trace-recent] tbody tr', { hasText: CASE }).first().waitFor()
        await shotOf(page, `trace-role-${username}-${size}`)
        await c.close()
      })
    }
  }

  await step('trace: the grid worker has no tracing', async () => {
    const { c, page } = await session(browser, base, 'grid', password, SIZES.desk)
    await page.getByTestId('side-menu').waitFor()
    expect((await page.getByTestId('menu-epidemic-trace').count()) === 0, 'no menu entry')
    await c.close()
  })
}

if (isMain(import.meta.url)) await runAlone(traceWalk)
