// The walk of the 事件指标 page and the 吹哨报到看板 (issue 4), as the
// 忻府区 administrator, on the demo's events of the last 90 days: the
// ranking and stage charts draw this month, the grouping switches to units,
// a township opens to its communities, the export downloads a workbook, the
// charts follow the English switch; the board lists the whistled cases with
// a chip per summoned department and opens one. run.mjs calls it with its
// own helpers.
import { readFile } from 'node:fs/promises'

/** drawn tells whether an ECharts canvas has something on it. */
async function drawn(locator, timeout) {
  await locator.waitFor({ timeout })
  return locator.evaluate((c) => {
    const ctx = c.getContext('2d')
    const { data } = ctx.getImageData(0, 0, c.width, c.height)
    let ink = 0
    for (let i = 3; i < data.length; i += 4 * 16) if (data[i] > 0) ink++
    return ink > 200
  })
}

/** The table shows this many groups a page. */
const PAGE = 50

async function tableRows(page) {
  const rows = page.locator('[data-testid=stats-table] .el-table__body-wrapper tbody tr')
  await rows.first().waitFor()
  return rows.count()
}

/** stats asks the API what the page should show. */
async function stats(page, base, query = {}) {
  const res = await page.request.get(`${base}/api/v1/events/stats?${new URLSearchParams(query)}`)
  return res.json()
}

export async function indicatorsWalk({ base, step, shot, expect, newSession, login, logout, page }) {
  await step('xinfu: 事件指标 draws this month of 忻府区 by township', async () => {
    await newSession()
    await login('xinfu')
    await page().getByTestId('menu-event-stats').click()
    await page().waitForURL(/\/events\/stats$/)
    // the first visit loads ECharts and reads the month: on a busy machine that takes a while
    expect(await drawn(page().locator('[data-testid=ranking-chart] canvas'), 45_000), 'the ranking is drawn')
    expect(await drawn(page().locator('[data-testid=stage-chart] canvas')), 'the stage times are drawn')
    // a tooltip is HTML the chart writes: it must pass the Content-Security-Policy
    await page().locator('[data-testid=stage-chart] canvas').first().hover()
    await page().getByTestId('stage-chart').getByText(/中位|median/i).waitFor()
    const st = await stats(page(), base)
    expect(st.total.reports > 0, `the demo has events this month: ${st.total.reports}`)
    const cards = await page().getByTestId('stats-cards').innerText()
    expect(cards.includes('结案率') && /\d+\.\d%/.test(cards), `cards show rates: ${cards.slice(0, 80)}`)
    const n = await tableRows(page())
    expect(n === Math.min(st.rows.length, PAGE), `a row per township: ${n} of ${st.rows.length}`)
    const small = st.rows.filter((r) => r.small_sample).length
    const marked = await page().locator('[data-testid=stats-table] .small-row').count()
    expect(marked === small, `small samples marked: ${marked} of ${small}`)
    if (small) await page().getByTestId('small-sample-note').waitFor()
    await shot('i1-indicators')
  })

  await step('xinfu: 事件指标 by unit, ranked by 按期处置率', async () => {
    await page().getByTestId('by-unit').click()
    await page().waitForURL(/by=unit/)
    await page().getByTestId('card-handle_on_time_rate').click()
    await page().waitForURL(/metric=handle_on_time_rate/)
    const st = await stats(page(), base, { by: 'unit' })
    await page().waitForFunction(
      (n) => document.querySelectorAll('[data-testid=stats-table] .el-table__body-wrapper tbody tr').length === n,
      Math.min(st.rows.length, PAGE),
    )
    expect(await drawn(page().locator('[data-testid=ranking-chart] canvas')), 'the ranking is drawn')
    const first = await page().locator('[data-testid=stats-table] .el-table__body-wrapper tbody tr').first().innerText()
    expect(first.startsWith('1'), `the best unit is ranked first: ${first.slice(0, 40)}`)
    await page().mouse.move(0, 0) // the card's definition tooltip would cover the title
    await page().waitForTimeout(400)
    await shot('i2-indicators-units')
  })

  await step('xinfu: 事件指标 opens 秀容街道 to its communities, and goes back up', async () => {
    await page().getByTestId('by-region').click()
    await page().waitForURL((u) => !u.search.includes('by='))
    await page().locator('[data-testid=stats-drill]', { hasText: '秀容街道' }).click()
    await page().waitForURL(/region=140902001000/)
    await page().getByTestId('stats-scope').getByText('秀容街道').waitFor()
    const st = await stats(page(), base, { region: '140902001000' })
    await page().waitForFunction(
      (n) => document.querySelectorAll('[data-testid=stats-table] .el-table__body-wrapper tbody tr').length === n,
      Math.min(st.rows.length, PAGE),
    )
    expect(st.rows.every((r) => r.key.startsWith('140902001')), 'the rows are 秀容街道 communities')
    await page().locator('.layout-main').evaluate((el) => el.scrollTo(0, 0))
    await shot('i3-indicators-drill')
    await page().getByTestId('stats-up').click()
    await page().waitForURL((u) => !u.search.includes('region='))
    await page().getByTestId('stats-scope').getByText('忻府区').waitFor()
  })

  await step('xinfu: 事件指标 exports the selection as xlsx', async () => {
    await page().getByTestId('period-lastMonth').click()
    await page().waitForURL(/period=lastMonth/)
    await tableRows(page())
    const [download] = await Promise.all([page().waitForEvent('download'), page().getByTestId('stats-export').click()])
    const name = download.suggestedFilename()
    expect(/^事件指标-\d{4}-\d{2}-01至\d{4}-\d{2}-\d{2}\.xlsx$/.test(name), `the workbook is named for the period: ${name}`)
    const bytes = await readFile(await download.path())
    expect(bytes.length > 2000 && bytes.subarray(0, 2).toString() === 'PK', `an xlsx (zip) of ${bytes.length} bytes`)
  })

  await step('xinfu: 事件指标 in English', async () => {
    await page().getByTestId('lang-switch').first().click()
    await page().locator('.el-dropdown-menu__item:visible', { hasText: 'English' }).click()
    await page().getByTestId('stats-ranking').getByText('Ranking').waitFor()
    expect(await drawn(page().locator('[data-testid=ranking-chart] canvas')), 'the ranking is drawn again')
    await page().waitForTimeout(500)
    await shot('i4-indicators-english')
    await page().getByTestId('lang-switch').first().click()
    await page().locator('.el-dropdown-menu__item:visible', { hasText: '简体中文' }).click()
    await page().getByTestId('stats-ranking').getByText('指标排名').waitFor()
  })

  await step('xinfu: 吹哨报到看板 shows the whistled cases and who reported in', async () => {
    await page().getByTestId('menu-event-whistle').click()
    await page().waitForURL(/\/events\/whistle$/)
    await page().getByTestId('whistle-case').first().waitFor()
    const cases = await page().getByTestId('whistle-case').count()
    const chips = await page().locator('[data-testid=whistle-case] [data-testid=whistle-chip]').count()
    expect(cases >= 1 && chips >= cases, `${cases} cases with ${chips} summoned departments`)
    const rate = await page().getByTestId('whistle-rate').innerText()
    expect(/^\d+\.\d%$/.test(rate), `the 报到率 is shown: ${rate}`)
    const states = await page().locator('[data-testid=whistle-chip]').evaluateAll((els) => els.map((e) => e.dataset.state))
    expect(states.some((s) => s === 'reported' || s === 'late'), `some reported in: ${[...new Set(states)].join(',')}`)
    await shot('w1-whistle-board')
  })

  await step('xinfu: 吹哨报到看板 filters to missed report-ins and opens a case', async () => {
    await page().getByTestId('whistle-state-missed').click()
    await page().waitForURL(/state=missed/)
    const rows = page().getByTestId('whistle-case')
    if (await rows.count()) {
      const each = await rows.evaluateAll((els) => els.every((e) => e.querySelector('[data-state=missed]')))
      expect(each, 'every case shown has a department past its deadline')
      await shot('w2-whistle-missed')
    }
    await page().getByTestId('whistle-state-all').click()
    await page().waitForURL((u) => !u.search.includes('state='))
    await page().locator('[data-testid=whistle-state-all].is-active').waitFor()
    const first = page().getByTestId('whistle-case').first()
    const number = (await first.locator('.number').innerText()).trim()
    await first.locator('.title').click()
    await page().waitForURL(/\/events\/[0-9a-f-]{36}$/)
    expect((await page().getByTestId('event-number').innerText()).trim() === number, `the case ${number} opens`)
    await logout()
  })
}
