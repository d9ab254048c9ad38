// The screening walk (issue 16, 排查协查): the county CDC (demo account
// cdc, 忻府区) issues a small list as a csv — one row for the grid worker's
// grid, one with no place (the county's pool), one refused for its ID
// number — and sees what was kept and refused; the grid worker opens their
// share from the inbox on a 390×844 phone and verifies the person (found,
// a note, the phone's position) with no signal — the outbox keeps it and
// sends it once the network is back; the county's page, open all the while,
// shows the rate rise over the live stream. Screens at 1440×900 and
// 390×844 in web/e2e/screenshots/.
//
// run.mjs calls screeningsWalk; alone against a demo server:
//   HEALTHGRID_URL=http://127.0.0.1:18431 node e2e/screenings.mjs
import { fileURLToPath } from 'node:url'
import { isMain, runAlone } from './alone.mjs'

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const PHONE = { width: 390, height: 844 }
const DESK = { width: 1440, height: 900 }
const HERE = { latitude: 38.4775, longitude: 112.7305 } // 东大街社区第1网格 (WGS-84)
const GRID = '140902001002001' // the demo grid worker's grid

async function context(browser, viewport, extra = {}) {
  const c = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...extra })
  c.setDefaultTimeout(15_000)
  return c
}

async function shotOf(page, name) {
  await page.waitForTimeout(400)
  await page.screenshot({ path: `${SHOTS}${name}.png` })
}

export async function screeningsWalk({ base, password, browser, step, expect }) {
  const stamp = new Date().toISOString().slice(11, 19).replace(/:/g, '')
  const listName = `e2e 密接协查 ${stamp}`
  const who = `排查测试${stamp.slice(-4)}`
  const desk = await context(browser, DESK)
  const officer = await desk.newPage()
  let screeningURL = ''

  await step('screenings: the county CDC issues a csv list', async () => {
    await officer.goto(`${base}/login`)
    await officer.locator('input[name=username]').fill('cdc')
    await officer.locator('input[name=password]').fill(password)
    await officer.getByTestId('login-submit').click()
    await officer.getByTestId('side-menu').waitFor()
    if (!(await officer.getByTestId('menu-screenings').isVisible())) await officer.getByTestId('menu-group-epidemic').click()
    await officer.getByTestId('menu-screenings').click()
    await officer.waitForURL(/\/epidemic\/screenings$/)
    await officer.getByTestId('screening-create').click()
    const dialog = officer.getByTestId('screening-dialog')
    await officer.getByTestId('screening-name').fill(listName)
    await officer.getByTestId('screening-disease').click()
    await officer.locator('.el-select-dropdown__item:visible', { hasText: '新型冠状病毒感染' }).first().click()
    await officer.getByTestId('screening-category').click()
    await officer.locator('.el-select-dropdown__item:visible', { hasText: '密切接触者' }).first().click()
    const csv = ['姓名,手机号,地址,网格编码,来源地,备注', `${who},13912340001,东大街12号,${GRID},太原市,同车次`,
      `${stamp}待分配,13912340002,,,大同市,`, `${stamp}错号,1391234,,,,`].join('\r\n')
    await dialog.locator('[data-testid=screening-upload] input[type=file]').setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + csv) })
    await officer.getByTestId('screening-file').waitFor()
    await shotOf(officer, 'screening-01-issue')
    await officer.getByTestId('screening-submit').click()
    await officer.getByTestId('screening-result').waitFor()
    const rejected = await officer.getByTestId('result-rejected').innerText()
    expect(/1/.test(rejected), `one row refused: ${rejected}`)
    expect((await officer.locator('[data-testid=result-rejects] tbody tr').count()) === 1, 'the refused row is listed with its reason')
    await shotOf(officer, 'screening-02-result')
    await officer.getByTestId('screening-result-open').click()
    await officer.waitForURL(/\/epidemic\/screenings\/[^/]+$/)
    screeningURL = officer.url()
    await officer.locator('[data-testid=screening-live][data-mode=live]').waitFor()
    expect((await officer.getByTestId('stat-received').innerText()) === '2', 'two persons received')
    expect((await officer.getByTestId('stat-verified').innerText()) === '0', 'none verified yet')
    await officer.locator('[data-testid=progress-table] tbody tr').first().waitFor()
    await shotOf(officer, 'screening-03-detail')
  })

  await step('screenings: the grid worker verifies their share on the phone', async () => {
    const phone = await context(browser, PHONE, { isMobile: true, hasTouch: true, deviceScaleFactor: 2, geolocation: HERE, permissions: ['geolocation'] })
    const page = await phone.newPage()
    await page.goto(`${base}/app/`)
    await page.waitForURL(/\/app\/login/)
    await page.getByRole('tab', { name: '密码登录' }).click()
    await page.locator('input[name=username]').fill('grid')
    await page.locator('input[name=password]').fill(password)
    await page.locator('form button[type=submit]').click()
    await page.waitForURL(/\/app\/inbox/)
    const item = page.getByTestId('inbox-item').filter({ hasText: who })
    await item.waitFor()
    await shotOf(page, 'screening-04-phone-inbox')
    await item.click()
    await page.waitForURL(/\/app\/epidemic\/persons\//)
    await page.getByTestId('epi-act-verify').click()
    await page.getByTestId('epi-point').waitFor()
    await page.getByTestId('epi-outcome-found').click()
    await page.getByTestId('epi-note').locator('textarea').fill('本人在家，已告知居家健康监测')
    await shotOf(page, 'screening-05-phone-verify')
    // no signal in the village: the verification waits in the outbox, and the page already counts it
    await phone.setOffline(true)
    await page.getByTestId('epi-submit').click()
    await page.getByTestId('epi-state').filter({ hasText: '已核实' }).waitFor()
    await page.getByTestId('epi-waiting').filter({ hasText: '1 条待同步' }).waitFor()
    await page.getByTestId('epi-form').waitFor({ state: 'detached' })
    await page.evaluate(() => window.scrollTo(0, 0))
    expect((await page.getByTestId('epi-act-verify').count()) === 0, 'a queued verification is not offered again')
    await shotOf(page, 'screening-06a-phone-offline')
    await phone.setOffline(false)
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await page.getByTestId('epi-waiting').waitFor({ state: 'detached', timeout: 20_000 })
    await page.getByTestId('epi-state').filter({ hasText: '已核实' }).waitFor()
    await shotOf(page, 'screening-06-phone-verified')
    await phone.close()
  })

  await step("screenings: the county's rate rises, live", async () => {
    expect(officer.url() === screeningURL, 'the county page stayed open')
    await officer.getByTestId('stat-verified').filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 })
    const rate = Number(await officer.locator('[data-testid=screening-head] [data-testid=rate]').getAttribute('data-rate'))
    expect(rate === 50, `rate ${rate}`)
    await shotOf(officer, 'screening-07-rate')
    await officer.locator('[data-testid=progress-table] tbody tr.can-open').first().click()
    await officer.getByTestId('progress-path').locator('.el-breadcrumb__item').nth(1).waitFor()
    await officer.locator('[data-testid=progress-table] tbody tr.can-open').first().click()
    await officer.getByTestId('progress-path').locator('.el-breadcrumb__item').nth(2).waitFor()
    await shotOf(officer, 'screening-07b-drill')
    await officer.getByRole('tab', { name: /待分配人员/ }).click()
    await officer.locator('[data-testid=pool-table] tbody tr').first().waitFor()
    await shotOf(officer, 'screening-08-pool')
  })

  await step('screenings: the list, the persons and a person in the console', async () => {
    await officer.getByTestId('menu-screenings').click()
    await officer.locator('[data-testid=screenings-table] tbody tr', { hasText: listName }).waitFor()
    await shotOf(officer, 'screening-09-list')
    await officer.getByTestId('menu-epidemic-persons').click()
    await officer.getByTestId('persons-q').fill(who)
    await officer.getByTestId('persons-filters').locator('button[type=submit]').click()
    const row = officer.locator('[data-testid=persons-table] tbody tr', { hasText: who })
    await row.waitFor()
    expect((await row.getByTestId('person-state').innerText()).includes('已核实'), 'verified on the list')
    await shotOf(officer, 'screening-10-persons')
    await row.click()
    await officer.getByTestId('person-page').waitFor()
    await officer.getByTestId('person-history').getByText('核查').first().waitFor()
    await shotOf(officer, 'screening-11-person')
  })
  await desk.close()
}

if (isMain(import.meta.url)) await runAlone(screeningsWalk)
