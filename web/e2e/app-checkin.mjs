// The daily health check-in in the app (issue 16) on a 390×844 phone with
// touch: the demo resident 张三, under home health monitoring, signs in with
// the SMS code read from the demo's SMS outbox (<data>/sms-outbox.log),
// sees the measure on the home page, checks in at 37.8 °C with a cough on
// the keypad and chips, and is told calmly who has been told and whom to
// call; the page is read again in elder mode. The demo grid worker finds
// the fever alert under 消息, opens the measure from it, finds 张三 with
// today's check-in in the 健康监测 list of the 网格 tab, and records a
// check-in for someone of the grid who has no phone with the same form.
// The screens are shot at 390×844 and 1440×900. run.mjs calls it with its
// own step and expect; `node e2e/app-checkin.mjs` runs it alone
// (HEALTHGRID_URL, HEALTHGRID_DATA).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isMain, runAlone } from './alone.mjs'
import { smsCode } from './app-resident.mjs'

const PHONE = { width: 390, height: 844 }
const DESK = { width: 1440, height: 900 }
const RESIDENT_PHONE = '13800000001'

/** coolDown waits out the 60 s the server keeps between two codes to one phone (another walk may just have sent one). */
async function coolDown(data, phone) {
  const lines = (await readFile(join(data, 'sms-outbox.log'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean)
  const last = lines.map((l) => JSON.parse(l)).filter((m) => m.phone === phone).pop()
  const wait = last ? Date.parse(last.time) + 61_000 - Date.now() : 0
  if (wait > 0) await new Promise((r) => setTimeout(r, wait))
}

/** typeTemperature opens the keypad of the form and types t on it, key by key. */
async function typeTemperature(page, t) {
  await page.getByTestId('checkin-temp').tap()
  const keypad = page.locator('.van-number-keyboard')
  await keypad.waitFor()
  for (const k of t) await keypad.locator('.van-key', { hasText: new RegExp(`^${k === '.' ? '\\.' : k}$`) }).first().tap()
  await keypad.locator('.van-key--blue').tap()
  await keypad.waitFor({ state: 'hidden' })
}

export async function appCheckinWalk({ base, data, password = 'Demo@2026', browser, step, expect, shots }) {
  const app = `${base}/app`
  const errors = []
  const open = async (viewport, elder = false) => {
    const context = await browser.newContext({
      viewport,
      hasTouch: true,
      isMobile: viewport === PHONE,
      deviceScaleFactor: viewport === PHONE ? 2 : 1,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    })
    context.setDefaultTimeout(15_000)
    if (elder) await context.addInitScript(() => localStorage.setItem('hg.elder', '1'))
    const page = await context.newPage()
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
    return { context, page }
  }
  const shot = async (page, name) => {
    await page.waitForTimeout(500)
    await page.screenshot({ path: join(shots, `app-checkin-${name}.png`) })
  }
  const signIn = async (page, username, lands) => {
    await page.goto(`${app}/login`)
    await page.getByRole('tab', { name: '密码登录' }).click()
    await page.locator('input[name=username]').fill(username)
    await page.locator('input[name=password]').fill(password)
    await page.locator('form button[type=submit]').click()
    await page.waitForURL(lands)
  }
  const wide = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  let measure = ''

  const resident = await open(PHONE)
  let page = resident.page
  await step('app check-in: the demo resident signs in with an SMS code and sees the measure', async () => {
    await page.goto(`${app}/login`)
    await page.locator('input[name=phone]').fill(RESIDENT_PHONE)
    await coolDown(data, RESIDENT_PHONE)
    const sent = Date.now()
    await page.getByRole('button', { name: '获取验证码' }).tap()
    await page.locator('input[name=code]').fill(await smsCode(data, RESIDENT_PHONE, sent))
    await page.locator('form button[type=submit]').tap()
    await page.waitForURL(/\/app\/home$/)
    const card = page.getByTestId('measure-card')
    await card.waitFor()
    const text = await card.innerText()
    expect(/健康监测打卡/.test(text) && /居家健康监测/.test(text), `the card: ${text}`)
    expect(/还剩 \d+ 天|今天是最后一天/.test(text), `days left: ${text}`)
    expect(/今日打卡\s*\d+ \/ \d+ 次/.test(text), `today's check-ins: ${text}`)
    await shot(page, '01-home-card')
  })

  await step('app check-in: 37.8 °C with a cough — a calm fever message', async () => {
    await page.getByTestId('measure-checkin').tap()
    await page.waitForURL(/\/app\/health\/[\w-]+$/)
    measure = page.url().split('/').pop()
    await page.getByTestId('checkin-history').waitFor()
    const before = await page.getByTestId('checkin-row').count()
    await page.getByTestId('checkin-submit').tap()
    expect((await page.getByTestId('checkin-error').innerText()).includes('请输入体温'), 'an empty temperature is refused')
    await typeTemperature(page, '37.8')
    expect((await page.locator('[data-testid=checkin-temp] input').inputValue()) === '37.8', 'the keypad typed 37.8')
    await page.getByTestId('symptom-cough').tap()
    await page.getByTestId('symptom-other').tap()
    await page.getByTestId('checkin-submit').tap()
    expect((await page.getByTestId('checkin-error').innerText()).includes('其他症状'), 'other without text is refused')
    await page.locator('[data-testid=checkin-other] input').fill('头痛')
    await page.getByTestId('checkin-tested').tap()
    await shot(page, '02-form')
    await page.getByTestId('checkin-submit').tap()
    const fever = page.getByTestId('checkin-fever')
    await fever.waitFor()
    const said = await fever.innerText()
    expect(/37\.8 °C/.test(said) && /网格员/.test(said) && /120/.test(said), `the fever message: ${said}`)
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=checkin-row]').length === n + 1, before)
    const row = await page.getByTestId('checkin-row').first().innerText()
    expect(/37\.8 °C/.test(row) && /咳嗽/.test(row) && /头痛/.test(row) && /已采样/.test(row) && /本人/.test(row), `the history: ${row}`)
    await page.evaluate(() => window.scrollTo(0, 0))
    await shot(page, '03-fever')
  })

  await step('app check-in: the card counts it; elder mode reads well', async () => {
    await page.goto(`${app}/home`)
    const today = await page.getByTestId('measure-today').innerText()
    expect(/^[1-9]\d* \/ \d+ 次$/.test(today.trim()), `today's count after the check-in: ${today}`)
    await page.evaluate(() => localStorage.setItem('hg.elder', '1'))
    await page.reload()
    await page.getByTestId('measure-card').waitFor()
    await shot(page, '04-home-elder')
    expect((await wide(page)) <= 0, 'the elder home is wider than the phone')
    await page.getByTestId('measure-checkin').tap()
    await page.getByTestId('checkin-form').waitFor()
    const chip = await page.getByTestId('symptom-cough').boundingBox()
    expect(chip.height >= 60, `an elder's chip is ${chip.height} px tall`)
    await shot(page, '05-health-elder')
    await page.getByTestId('checkin-history').scrollIntoViewIfNeeded()
    await shot(page, '06-history-elder')
    expect((await wide(page)) <= 0, 'the elder check-in page is wider than the phone')
    await page.evaluate(() => localStorage.setItem('hg.elder', '0'))
  })
  await resident.context.close()

  const desk = await open(DESK)
  await step('app check-in: the resident’s page on a wide screen', async () => {
    page = desk.page
    await signIn(page, 'resident', /\/app\/home$/)
    await page.goto(`${app}/health/${measure}`)
    await page.getByTestId('checkin-row').first().waitFor()
    await shot(page, '07-health-desk')
  })
  await desk.context.close()

  const worker = await open(PHONE)
  page = worker.page
  await step('app check-in: the grid worker is alerted and opens the measure from 消息', async () => {
    await signIn(page, 'grid', /\/app\/inbox/)
    await page.getByTestId('tab-messages').tap()
    const alert = page.getByTestId('message').filter({ hasText: '发热预警' }).filter({ hasText: '张三' }).first()
    await alert.waitFor()
    expect(/37\.8/.test(await alert.innerText()), 'the alert names the temperature')
    await shot(page, '08-worker-alert')
    await alert.tap()
    await page.waitForURL(new RegExp(`/app/epidemic/measures/${measure}$`))
    await page.getByTestId('measure-name').waitFor()
    const row = await page.getByTestId('checkin-row').first().innerText()
    expect(/37\.8 °C/.test(row) && /本人/.test(row), `the resident's check-in on the worker's page: ${row}`)
    await shot(page, '09-worker-measure')
  })

  await step('app check-in: 张三 with today’s check-in in the grid’s 健康监测 list', async () => {
    await page.goBack()
    await page.waitForURL(/\/app\/messages$/)
    await page.getByTestId('tab-grid').tap()
    await page.getByTestId('grid-measures').tap()
    await page.waitForURL(/\/app\/epidemic\/measures$/)
    const row = page.getByTestId('measure-row').filter({ hasText: '张三' })
    await row.waitFor()
    const text = await row.innerText()
    expect(/发热/.test(text) && /[1-9]\d* \/ \d+ 次/.test(text), `张三's row: ${text}`)
    await shot(page, '10-worker-list')
    await page.getByRole('tab', { name: '有漏打卡' }).tap()
    await page.getByTestId('measure-row').first().waitFor()
    await shot(page, '11-worker-missed')
  })

  await step('app check-in: the grid worker checks in for someone without a phone', async () => {
    await page.getByRole('tab', { name: '全部' }).tap()
    const row = page.getByTestId('measure-row').filter({ hasText: '韩宇' })
    await row.tap()
    await page.getByTestId('measure-checkin-for').tap()
    await page.getByTestId('checkin-history').waitFor()
    const before = await page.getByTestId('checkin-row').count()
    await typeTemperature(page, '36.6')
    await page.getByTestId('checkin-submit').tap()
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=checkin-row]').length === n + 1, before)
    const first = await page.getByTestId('checkin-row').first().innerText()
    expect(/36\.6 °C/.test(first) && /工作人员代打/.test(first), `the worker's check-in: ${first}`)
    expect((await page.getByTestId('checkin-fever').count()) === 0, 'no fever message at 36.6 °C')
    await shot(page, '12-worker-checkin')
    expect((await wide(page)) <= 0, 'the worker’s page is wider than the phone')
  })
  await worker.context.close()

  const wdesk = await open(DESK)
  await step('app check-in: the grid worker’s list on a wide screen', async () => {
    page = wdesk.page
    await signIn(page, 'grid', /\/app\/inbox/)
    await page.goto(`${app}/epidemic/measures`)
    await page.getByTestId('measure-row').first().waitFor()
    await shot(page, '13-worker-list-desk')
  })
  await wdesk.context.close()

  await step('app check-in: no page errors', async () => {
    expect(errors.length === 0, errors.join('\n'))
  })
}

// alone: node e2e/app-checkin.mjs (HEALTHGRID_URL, HEALTHGRID_DATA as for run.mjs)
if (isMain(import.meta.url)) await runAlone(appCheckinWalk)
