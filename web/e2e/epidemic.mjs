// The epidemic walk of the e2e suite (issue 16, 疫情防控): the hospital
// (demo account hospital, 忻府区人民医院) files a 霍乱 card — an urgent
// disease — in the console's 疫情报告 form; the county CDC (cdc) finds it
// among the cards waiting for review, approves it and reads the timeliness
// per unit; orders centralised isolation at the seeded site for a risk
// person in 管控人员 and sees the site's occupancy rise in 隔离点; the grid
// worker (grid) finds the missed check-in of 曹磊 under the bell; the CDC
// drills the test coverage down to the demo grid's untested residents.
// Then every demo role opens each epidemic page its menu shows, at
// 1440×900 and on a 390×844 phone (the menu in its drawer): each is drawn
// with no spinner left, no error toast, no console error and nothing wider
// than the window, and shot as epi-<who>-<width>-<page>.png; the pages a
// role's menu lacks are not there. (The screening list is walked by
// screenings.mjs.)
//
// run.mjs calls epidemicWalk; alone against a demo server:
//   HEALTHGRID_URL=http://127.0.0.1:18441 node e2e/epidemic.mjs
// (E2E_ONLY=timeliness: only the steps whose names match)
import { fileURLToPath } from 'node:url'
import { request } from 'playwright-core'
import { isMain, runAlone } from './alone.mjs'

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const PHONE = { width: 390, height: 844 }
const DESK = { width: 1440, height: 900 }
const GRID = '140902001002001' // the demo grid worker's grid, 东大街社区第1网格
const SITE = '忻府区集中隔离点（金山宾馆）'

/** PAGES are the epidemic menu entries, by their route name, and the short name of their screenshots. */
const PAGES = {
  'epi-reports': 'reports',
  screenings: 'screenings',
  'epidemic-persons': 'persons',
  'epidemic-measures': 'measures',
  'epidemic-sites': 'sites',
  'epidemic-tests': 'tests',
}
const ALL = Object.keys(PAGES)
/** ROLES are the demo accounts and the epidemic pages each one's menu shows. */
const ROLES = {
  admin: ALL,
  xinfu: ALL,
  dingxiang: ALL,
  street: ALL,
  grid: ALL, // each page narrowed to the worker's grid
  cdc: ALL,
  hospital: ['epi-reports'],
}

/** idNumber is a valid 18-digit resident ID number (its check digit computed) for a birth date and a sequence. */
function idNumber(area, birth, seq) {
  const body = `${area}${birth}${String(seq).padStart(3, '0')}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((a, c, i) => a + Number(c) * weights[i], 0)
  return body + '10X98765432'[sum % 11]
}

/** Session is one browser context signed in as a demo account, noting its page's errors (warning.mjs walks with it too). */
export class Session {
  constructor(context, page) {
    this.context = context
    this.page = page
    this.errors = []
    page.on('pageerror', (e) => this.errors.push(`${page.url()}: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`${page.url()}: ${m.text()}`)
    })
  }

  static async open(browser, viewport) {
    const phone = viewport.width < 768
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...(phone ? { isMobile: true, hasTouch: true } : {}) })
    context.setDefaultTimeout(15_000)
    return new Session(context, await context.newPage())
  }

  get phone() {
    return this.page.viewportSize().width < 768
  }

  async login(base, user, password) {
    await this.page.goto(`${base}/login`)
    await this.page.locator('input[name=username]').fill(user)
    await this.page.locator('input[name=password]').fill(password)
    await this.page.getByTestId('login-submit').click()
    await this.page.locator(this.phone ? '[data-testid=menu-button]' : '[data-testid=side-menu]').first().waitFor()
    await this.page.waitForURL((u) => !u.pathname.endsWith('/login'))
  }

  /** menu lists the epidemic entries the role's menu shows (the drawer opened and shut on a phone). */
  async menu() {
    const p = this.page
    if (this.phone) {
      await p.getByTestId('menu-button').click()
      await p.getByTestId('menu-drawer').locator('[data-testid=side-menu]').waitFor()
    }
    const names = []
    for (const name of ALL) if (await p.getByTestId(`menu-${name}`).count()) names.push(name)
    if (this.phone) await this.closeDrawer()
    return names
  }

  async closeDrawer() {
    await this.page.keyboard.press('Escape')
    await this.page.locator('.layout-drawer').waitFor({ state: 'hidden' })
  }

  /** go opens an epidemic page from the menu (its group unfolded; on a phone, the drawer). */
  async go(name) {
    const p = this.page
    if (this.phone) await p.getByTestId('menu-button').click()
    const item = p.getByTestId(`menu-${name}`)
    await item.waitFor({ state: 'attached' })
    if (!(await item.isVisible())) await p.getByTestId('menu-group-epidemic').click()
    await item.click()
    await p.waitForURL(new RegExp(`/epidemic/${name.replace(/^epi(demic)?-/, '')}$`))
    if (this.phone) await p.locator('.layout-drawer').waitFor({ state: 'hidden' })
    await this.drawn()
  }

  /** drawn waits for the page's spinners to go, then checks for error toasts and a page wider than the screen. */
  async drawn() {
    const p = this.page
    await p.waitForTimeout(300)
    await p.waitForFunction(() => ![...document.querySelectorAll('.el-loading-mask')].some((m) => m.offsetParent !== null), null, { timeout: 15_000 })
    await p.waitForTimeout(300)
    const toast = p.locator('.el-message--error')
    if (await toast.count()) throw new Error(`error toast: ${await toast.first().innerText()}`)
    const wide = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    if (wide > 0) throw new Error(`${p.url()} is ${wide} px wider than the screen`)
    if (this.errors.length) throw new Error(`console errors: ${this.errors.splice(0).join(' | ')}`)
  }

  async shot(name) {
    await this.page.waitForTimeout(400)
    await this.page.screenshot({ path: `${SHOTS}${name}.png` })
  }

  async close() {
    await this.context.close()
  }
}

/** field is a text box by its test id (Element Plus puts the attribute on the <input> itself). */
function field(page, testid) {
  return page.locator(`input[data-testid=${testid}], [data-testid=${testid}] input`).first()
}

/** pick chooses an option of an Element Plus select, typing to filter when asked. */
async function pick(page, testid, text, type) {
  await page.getByTestId(testid).click()
  if (type) await page.getByTestId(testid).locator('input').fill(type)
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

/** aRiskPerson lists one person in the demo grid (as the CDC, through the API) for a measure to be ordered. */
async function aRiskPerson(base, password, name) {
  const api = await request.newContext({ baseURL: base })
  try {
    const login = await api.post('/api/v1/auth/login', { data: { username: 'cdc', password } })
    const headers = { Authorization: `Bearer ${(await login.json()).token}` }
    const deadline = new Date(Date.now() + 24 * 3600_000).toISOString()
    const res = await api.post('/api/v1/epidemic/screenings', {
      headers,
      data: { name: `e2e 管控 ${name}`, deadline, disease: 'B27', category: 'close_contact', persons: [{ name, phone: '13912348888', grid_code: GRID, address: '幸福里小区7号楼1单元101' }] },
    })
    if (!res.ok()) throw new Error(`screening: ${res.status()} ${await res.text()}`)
  } finally {
    await api.dispose()
  }
}

/** siteLine is the seeded site's row in 隔离点: its occupied rooms. */
async function occupied(page) {
  const row = page.locator('[data-testid=sites-table] tbody tr', { hasText: SITE })
  await row.waitFor()
  return Number(await row.getByTestId('site-occupied').innerText())
}

export async function epidemicWalk({ base, password, browser, step, expect }) {
  const stamp = new Date().toISOString().slice(11, 19).replace(/:/g, '')
  const patient = `霍乱测试${stamp.slice(-4)}`
  const cardNo = `1409020001${stamp}`
  const isolated = `管控测试${stamp.slice(-4)}`

  await step('epidemic: the hospital files an urgent 霍乱 card', async () => {
    const s = await Session.open(browser, DESK)
    try {
      await s.login(base, 'hospital', password)
      expect((await s.menu()).join() === 'epi-reports', 'the hospital sees only 疫情报告')
      await s.go('epi-reports')
      expect((await s.page.getByRole('tab', { name: /及时性/ }).count()) === 0, 'no timeliness tab for a hospital')
      await s.page.getByTestId('report-file').click()
      const form = s.page.getByTestId('report-form')
      await form.waitFor()
      await field(s.page, 'report-card-no').fill(cardNo)
      await field(s.page, 'report-name').fill(patient)
      // an odd sequence number: a man's, as the card says
      await field(s.page, 'report-id').fill(idNumber('140902', '19850612', (Number(stamp.slice(-3)) % 500) * 2 + 1))
      await form.getByText('男', { exact: true }).click()
      await field(s.page, 'report-address').fill('山西省忻州市忻府区秀容街道东大街12号')
      await field(s.page, 'report-address-code').fill(GRID)
      await pick(s.page, 'report-occupation', '农民', '农民')
      await pick(s.page, 'report-disease', '霍乱', '霍乱')
      await pick(s.page, 'report-classification', '确诊')
      const onset = form.locator('.el-form-item', { hasText: '发病日期' }).locator('input')
      await onset.fill(new Date(Date.now() - 2 * 86400_000).toISOString().slice(0, 10))
      await onset.press('Enter')
      await form.locator('.el-form-item', { hasText: '诊断时间' }).locator('input').click()
      await s.page.locator('.el-picker-panel__footer:visible').getByText('此刻').click()
      await field(s.page, 'report-doctor').fill('王建新')
      await s.shot('epi-01-file')
      await s.page.getByTestId('report-submit').click()
      await form.waitFor({ state: 'hidden' })
      const row = s.page.locator('[data-testid=reports-table] tbody tr', { hasText: patient })
      await row.waitFor()
      expect((await row.innerText()).includes('甲类管理'), 'the card is marked urgent (甲类管理)')
      await s.drawn()
      await s.shot('epi-02-filed')
    } finally {
      await s.close()
    }
  })

  const cdc = await Session.open(browser, DESK)
  try {
    await step('epidemic: the CDC reviews the card', async () => {
      await cdc.login(base, 'cdc', password)
      await cdc.page.getByTestId('notify-bell').click()
      await cdc.page.getByTestId('notify-dropdown').getByText('紧急疫情报告：霍乱').first().waitFor()
      await cdc.shot('epi-03-urgent-alert')
      await cdc.page.keyboard.press('Escape')
      await cdc.go('epi-reports')
      await pick(cdc.page, 'reports-status', '待审核')
      await cdc.page.locator('.filter-bar button[type=submit]').filter({ visible: true }).click()
      await cdc.drawn()
      const waiting = cdc.page.locator('[data-testid=reports-table] tbody tr')
      await waiting.first().waitFor()
      expect((await waiting.count()) >= 3, `ours and the 2 seeded cards wait: ${await waiting.count()}`)
      await cdc.shot('epi-04-review-list')
      await waiting.filter({ hasText: patient }).getByTestId('report-open').click()
      await cdc.page.getByTestId('report-detail').waitFor()
      await cdc.shot('epi-05-review-card')
      await cdc.page.getByTestId('report-approve').click()
      await cdc.page.locator('.el-message--success').waitFor()
      await cdc.page.keyboard.press('Escape')
      await cdc.page.locator('[data-testid=reports-table] tbody tr', { hasText: patient }).waitFor({ state: 'detached' })
    })

    await step('epidemic: timeliness per reporting unit', async () => {
      await cdc.page.getByRole('tab', { name: /及时性/ }).click()
      const row = cdc.page.locator('[data-testid=timeliness-table] tbody tr', { hasText: '忻府区人民医院' })
      await row.waitFor()
      await cdc.drawn()
      await cdc.shot('epi-06-timeliness')
    })

    await step('epidemic: the CDC orders centralised isolation at the site', async () => {
      await aRiskPerson(base, password, isolated)
      await cdc.go('epidemic-sites')
      const before = await occupied(cdc.page)
      await cdc.go('epidemic-measures')
      await cdc.page.getByTestId('measure-order').click()
      await cdc.page.getByTestId('measure-order-form').waitFor()
      await pick(cdc.page, 'measure-person', isolated, isolated)
      await pick(cdc.page, 'measure-site', SITE)
      await cdc.shot('epi-07-order')
      await cdc.page.getByTestId('measure-order-submit').click()
      await cdc.page.getByTestId('measure-order-form').waitFor({ state: 'hidden' })
      const row = cdc.page.locator('[data-testid=measures-table] tbody tr', { hasText: isolated })
      await row.waitFor()
      expect((await row.innerText()).includes('集中隔离'), 'centralised isolation ordered')
      await cdc.drawn()
      await cdc.shot('epi-08-ordered')
      await cdc.go('epidemic-sites')
      const after = await occupied(cdc.page)
      expect(after === before + 1, `the site's occupancy rose: ${before} → ${after}`)
      await cdc.page.locator('[data-testid=sites-table] tbody tr', { hasText: SITE }).click()
      await cdc.page.getByTestId('site-held').waitFor()
      await cdc.shot('epi-09-site')
    })

    await step('epidemic: the coverage down to the demo grid', async () => {
      await cdc.go('epidemic-tests')
      await cdc.page.locator('[data-testid=epi-tests-table] tbody tr').first().waitFor()
      await cdc.shot('epi-10-tests')
      await cdc.page.getByRole('tab', { name: '应检尽检' }).click()
      for (const name of ['秀容街道', '东大街社区', '东大街社区第1网格']) {
        const row = cdc.page.locator('[data-testid=epi-coverage-table] tbody tr', { hasText: name })
        await row.first().waitFor()
        await row.first().click()
        await cdc.drawn()
      }
      await cdc.page.locator('[data-testid=epi-untested-table] tbody tr').first().waitFor()
      await cdc.drawn()
      await cdc.shot('epi-11-untested')
    })
  } finally {
    await cdc.close()
  }

  await step('epidemic: the grid worker is told of the missed check-in', async () => {
    const s = await Session.open(browser, DESK)
    try {
      await s.login(base, 'grid', password)
      await s.page.getByTestId('notify-bell').click()
      await s.page.getByTestId('notify-dropdown').getByText('曹磊').first().waitFor()
      await s.shot('epi-12-grid-missed')
    } finally {
      await s.close()
    }
  })

  for (const viewport of [DESK, PHONE]) {
    for (const [who, pages] of Object.entries(ROLES)) {
      await step(`epidemic: ${who} at ${viewport.width}`, async () => {
        const s = await Session.open(browser, viewport)
        try {
          await s.login(base, who, password)
          const shown = await s.menu()
          expect(shown.join() === pages.join(), `${who}'s menu shows ${shown.join()} (want ${pages.join()})`)
          for (const name of pages) {
            await s.go(name)
            await s.shot(`epi-${who}-${viewport.width}-${PAGES[name]}`)
          }
          for (const name of ALL.filter((n) => !pages.includes(n))) {
            await s.page.goto(`${base}/epidemic/${name.replace(/^epi(demic)?-/, '')}`)
            await s.page.waitForTimeout(500)
            expect(!/\/epidemic\//.test(new URL(s.page.url()).pathname), `${who} reached ${name}: ${s.page.url()}`)
          }
        } finally {
          await s.close()
        }
      })
    }
  }
}

if (isMain(import.meta.url)) await runAlone(epidemicWalk)
