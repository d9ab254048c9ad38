// The risk areas and vaccination walk (issue 17): the county CDC (demo
// account cdc, 忻府区) draws a small area on the map with four clicks,
// publishes it — the public notice goes out — and lifts it; opens the
// school's seeded high-risk area with its day count and history; looks at
// the rule set versions; takes in a vaccination csv with one refused row and
// reads the coverage table. Then every demo role opens the pages it may, at
// 1440×900 and 390×844. Screens in web/e2e/screenshots/risk-*.png.
//
// run.mjs calls riskAreasWalk; alone against a demo server:
//   HEALTHGRID_URL=http://127.0.0.1:18431 node e2e/riskareas.mjs
import { fileURLToPath } from 'node:url'
import { isMain, runAlone } from './alone.mjs'

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const SIZES = { desk: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } }
// every demo staff role; the resident has no console
const ROLES = ['admin', 'xinfu', 'dingxiang', 'street', 'grid', 'cdc']

async function session(browser, base, password, user, viewport) {
  const c = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  c.setDefaultTimeout(15_000)
  const page = await c.newPage()
  await page.goto(`${base}/login`)
  await page.locator('input[name=username]').fill(user)
  await page.locator('input[name=password]').fill(password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => !u.pathname.endsWith('/login'))
  return { c, page }
}

async function shotOf(page, name) {
  await page.waitForTimeout(500)
  await page.screenshot({ path: `${SHOTS}risk-${name}.png` })
}

// a valid ID number (GB 11643) of nobody in the demo city
function idNumber(birth, seq) {
  const body = `110101${birth}${String(seq).padStart(3, '0')}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i], 0)
  return body + '10X98765432'[sum % 11]
}

export async function riskAreasWalk({ base, password, browser, step, expect }) {
  const stamp = new Date().toISOString().slice(11, 19).replace(/:/g, '')
  const { c, page } = await session(browser, base, password, 'cdc', SIZES.desk)

  await step('risk areas: the seeded school area, its day count and history', async () => {
    await page.goto(`${base}/epidemic/risk-areas`)
    const row = page.locator('[data-testid=risk-table] tbody tr', { hasText: '忻州市第一实验小学及周边' })
    await row.waitFor()
    expect((await row.innerText()).includes('高风险区'), 'the school is high risk')
    await shotOf(page, '01-list')
    await row.locator('a').first().click()
    await page.getByTestId('risk-area-page').waitFor()
    // published five days ago; the school cluster's cases inside it, confirmed since, restart the count
    const days = Number((await page.getByTestId('risk-area-days').innerText()).trim())
    expect(days >= 0 && days <= 5, `days without a case: ${days}`)
    expect((await page.locator('[data-testid=risk-area-history] .el-timeline-item').count()) === 2, 'drawn, then published')
    await page.locator('[data-testid=risk-area-residents] tbody tr').first().waitFor()
    expect(!/\d{17}[\dX]/.test(await page.getByTestId('risk-area-residents').innerText()), 'ID numbers masked')
    await shotOf(page, '02-school')
  })

  await step('risk areas: the CDC draws an area with four clicks, publishes and lifts it', async () => {
    await page.goto(`${base}/epidemic/risk-areas`)
    await page.getByTestId('risk-draw').click()
    await page.getByTestId('risk-drawbar').waitFor()
    const box = await page.getByTestId('region-map').boundingBox()
    const cx = box.x + box.width / 2
    const cy = box.y + box.height / 2
    for (const [dx, dy] of [[-30, -30], [30, -30], [30, 30], [-30, 30]]) {
      await page.mouse.click(cx + dx, cy + dy)
      await page.waitForTimeout(150)
    }
    await shotOf(page, '03-drawing')
    await page.getByTestId('risk-draw-done').click()
    await page.getByTestId('risk-area-dialog').waitFor()
    await page.getByTestId('risk-area-name').fill(`e2e 绘制区域 ${stamp}`)
    await page.getByTestId('risk-area-save').click()
    await page.getByTestId('risk-area-page').waitFor()
    expect((await page.getByTestId('risk-area-status').innerText()).includes('草稿'), 'a draft')
    await page.getByTestId('risk-act-publish').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.getByTestId('risk-area-status').getByText('已发布').waitFor()
    await shotOf(page, '04-published')
    await page.getByTestId('risk-act-lift').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.getByTestId('risk-area-status').getByText('已解除').waitFor()
    expect((await page.locator('[data-testid=risk-area-history] .el-timeline-item').count()) === 3, 'drawn, published, lifted')
    await shotOf(page, '05-lifted')
  })

  await step('risk areas: the map and the rule set versions', async () => {
    await page.goto(`${base}/epidemic/risk-areas`)
    await page.getByRole('tab', { name: '风险区域分布' }).click()
    await page.locator('.leaflet-pane path.leaflet-interactive').first().waitFor()
    await shotOf(page, '06-map')
    await page.getByRole('tab', { name: '调整规则版本' }).click()
    const rs = page.getByTestId('risk-rulesets')
    await rs.getByText('已废止').first().waitFor()
    await rs.getByText('现行').first().waitFor()
    await shotOf(page, '07-rules')
  })

  await step('vaccination: a csv with one refused row, and the coverage table', async () => {
    await page.goto(`${base}/epidemic/vaccination`)
    await page.locator('[data-testid=vacc-table] tbody tr').first().waitFor()
    await shotOf(page, '08-coverage')
    const csv = ['身份证号,疫苗,剂次,接种日期,接种单位', `${idNumber('19800101', Number(stamp.slice(-3)))},流感疫苗,1,2026-10-01,忻府区疾控中心`,
      '123,流感疫苗,1,2026-10-01,忻府区疾控中心'].join('\r\n')
    await page.getByTestId('vacc-import').locator('input[type=file]').setInputFiles({ name: 'v.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + csv) })
    await page.getByTestId('vacc-send').click()
    await page.getByTestId('vacc-result').waitFor()
    expect((await page.locator('[data-testid=vacc-refused] tbody tr').count()) === 1, 'the bad row refused with its line')
    await shotOf(page, '09-import')
  })
  await c.close()

  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const user of ROLES) {
      await step(`risk areas: ${user} at ${size}`, async () => {
        const s = await session(browser, base, password, user, viewport)
        await s.page.goto(`${base}/epidemic/risk-areas`)
        const table = s.page.getByTestId('risk-table')
        const forbidden = s.page.getByText(/无权|没有权限|403/).first()
        await Promise.race([table.waitFor(), forbidden.waitFor()])
        await shotOf(s.page, `role-${user}-${size}-areas`)
        if (await table.isVisible()) {
          await s.page.goto(`${base}/epidemic/vaccination`)
          await s.page.getByTestId('vacc-table').waitFor()
          await shotOf(s.page, `role-${user}-${size}-vacc`)
        }
        await s.c.close()
      })
    }
  }
}

if (isMain(import.meta.url)) await runAlone(riskAreasWalk)
