// The chains walk (issue 17, 传播链与聚集性疫情): the county CDC (demo
// account cdc, 忻府区) opens a chain of the episode's cases, switches its
// layouts (force, generations, timeline), narrows it by certainty, groups
// it, and declares an outbreak over it, then marks it controlled; a chain
// of 5,000 persons (a generated answer, the browser's share of the cost)
// is drawn grouped and whole, with the time each took; then every demo
// role opens the chain and outbreak lists at 1440×900 and 390×844, those
// without the permission kept out. Screens in web/e2e/screenshots/.
//
// run.mjs calls chainsWalk; alone against a demo server:
//   HEALTHGRID_URL=http://127.0.0.1:18431 node e2e/chains.mjs
import { fileURLToPath } from 'node:url'
import { isMain, runAlone } from './alone.mjs'

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const PHONE = { width: 390, height: 844 }
const DESK = { width: 1440, height: 900 }
const ROLES = { admin: 'both', xinfu: 'both', dingxiang: 'both', street: 'both', cdc: 'both', grid: 'outbreaks', resident: 'none' }

async function context(browser, viewport, extra = {}) {
  const c = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...extra })
  c.setDefaultTimeout(15_000)
  return c
}

async function shotOf(page, name) {
  await page.waitForTimeout(500)
  await page.screenshot({ path: `${SHOTS}${name}.png` })
}

async function api(base, token, method, path, body) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`)
  return text ? JSON.parse(text) : null
}

async function login(page, base, username, password) {
  await page.goto(`${base}/login`)
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(password)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('side-menu').or(page.getByTestId('menu-button')).first().waitFor()
}

/** bigGraph is a generated chain of n persons, as the server answers it whole (group none) or by generation. */
function bigGraph(n, grouped) {
  const gens = [1, 12, 150, 1200, n - 1363]
  const nodes = []
  const edges = []
  const cats = ['confirmed', 'close_contact', 'close_contact', 'secondary_contact', 'asymptomatic']
  let k = 0
  const byGen = gens.map((size, g) => Array.from({ length: size }, () => {
    const key = `p${k++}`
    const day = new Date(Date.UTC(2026, 10, 1 + g * 3 + (k % 3))).toISOString().slice(0, 10)
    nodes.push({ key, person_id: key, name: `人员${k}`, category: cats[g === 0 ? 0 : 1 + (k % 4)], grid: '140902001002001', region: '140902000000', in_scope: true, day, generation: g })
    return key
  }))
  for (let g = 1; g < gens.length; g++)
    byGen[g].forEach((key, i) => edges.push({ id: `e${key}`, source: byGen[g - 1][i % byGen[g - 1].length], target: key, kind: 'venue', date: nodes.find((x) => x.key === key)?.day ?? '2026-11-01', certainty: 'probable' }))
  const chain = { id: 'big-demo', disease: 'B27', size: n, edges: edges.length, in_scope: n, first_date: '2026-11-01', latest_date: '2026-11-14', active_until: '2026-11-24', active: true, grids: [], grid_count: 1 }
  if (!grouped) return { chain, limit: 1000, grouped: 'none', nodes, edges, groups: [], group_edges: [] }
  const groups = gens.map((size, g) => ({ key: `g${g}`, generation: g, size, categories: { close_contact: size } }))
  const group_edges = gens.slice(1).map((size, g) => ({ source: `g${g}`, target: `g${g + 1}`, count: size }))
  return { chain, limit: 1000, grouped: 'generation', nodes: [], edges: [], groups, group_edges }
}

export async function chainsWalk({ base, password, browser, step, expect }) {
  let chainID = ''
  const desk = await context(browser, DESK)
  const officer = await desk.newPage()

  await step('chains: three of the episode\'s cases joined by exposures', async () => {
    const { token } = await api(base, null, 'POST', '/auth/login', { username: 'cdc', password })
    const persons = (await api(base, token, 'GET', '/epidemic/persons?size=50')).items.filter((p) => p.disease === 'B27')
    expect(persons.length >= 3, `three B27 persons in 忻府区: ${persons.length}`)
    const day = new Date(Date.now() - 3 * 86400000).toISOString().slice(0, 10)
    const [a, b, c] = persons
    const added = await api(base, token, 'POST', '/epidemic/exposures', { items: [
      { source: a.id, target: b.id, kind: 'household', date: day, certainty: 'confirmed' },
      { source: a.id, target: c.id, kind: 'work', date: day, certainty: 'possible' }] })
    chainID = added.chains[0]
    expect(chainID, 'a chain')
  })

  await step('chains: the CDC opens the chain and switches layouts', async () => {
    await login(officer, base, 'cdc', password)
    await officer.goto(`${base}/epidemic/chains`)
    await officer.getByTestId('chains-table').locator('tbody tr').first().waitFor()
    await shotOf(officer, 'chains-01-list')
    await officer.goto(`${base}/epidemic/chains/${chainID}`)
    await officer.getByTestId('chain-summary').waitFor()
    await officer.locator('[data-testid=chain-graph] canvas').first().waitFor()
    await shotOf(officer, 'chains-02-force')
    await officer.getByTestId('chain-map').scrollIntoViewIfNeeded()
    await officer.getByTestId('region-map').waitFor()
    await shotOf(officer, 'chains-02-map')
    await officer.getByTestId('chain-summary').scrollIntoViewIfNeeded()
    for (const [label, name] of [['代际层级', 'chains-03-hierarchy'], ['时间轴', 'chains-04-timeline']]) {
      await officer.getByTestId('chain-layout').getByText(label).click()
      await shotOf(officer, name)
    }
    await officer.getByTestId('chain-certainty').click()
    await officer.locator('.el-select-dropdown__item:visible', { hasText: '仅确定' }).click()
    await officer.waitForTimeout(600)
    await officer.getByTestId('chain-group').click()
    await officer.locator('.el-select-dropdown__item:visible', { hasText: '按代际汇总' }).click()
    await officer.getByTestId('chain-grouped').waitFor()
    await shotOf(officer, 'chains-05-grouped')
  })

  await step('chains: the CDC declares an outbreak over it and marks it controlled', async () => {
    await officer.goto(`${base}/epidemic/chains/${chainID}`)
    await officer.getByTestId('chain-declare').click()
    const form = officer.getByTestId('outbreak-form')
    await form.locator('input[name=name]').fill(`e2e 聚集性疫情 ${Date.now() % 100000}`)
    await shotOf(officer, 'chains-06-declare')
    await officer.getByTestId('outbreak-submit').click()
    await officer.waitForURL(/\/epidemic\/outbreaks\/[^/]+$/)
    await officer.getByTestId('outbreak-timeline').getByText('认定').first().waitFor()
    expect((await officer.getByTestId('outbreak-status').innerText()).includes('已认定'), 'declared')
    await officer.getByTestId('outbreak-control').click()
    await officer.getByTestId('outbreak-status').getByText('已控制').waitFor()
    expect((await officer.getByTestId('outbreak-timeline').innerText()).includes('已控制'), 'the timeline says controlled')
    await shotOf(officer, 'chains-07-outbreak')
  })

  await step('chains: 5,000 persons drawn grouped and whole in the browser', async () => {
    await officer.route('**/api/v1/epidemic/chains/big-demo?**', (route) => {
      const whole = new URL(route.request().url()).searchParams.get('group') === 'none'
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(bigGraph(5000, !whole)) })
    })
    await officer.route('**/api/v1/epidemic/chains/big-demo', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(bigGraph(5000, true)) }))
    await officer.goto(`${base}/epidemic/chains/big-demo`)
    await officer.getByTestId('chain-grouped').waitFor()
    await officer.locator('[data-testid=chain-render]').waitFor()
    const grouped = await officer.locator('.page[data-render-ms]').getAttribute('data-render-ms')
    await shotOf(officer, 'chains-08-5000-grouped')
    await officer.getByTestId('chain-group').click()
    await officer.locator('.el-select-dropdown__item:visible', { hasText: '逐人' }).click()
    await officer.getByTestId('chain-grouped').waitFor({ state: 'detached', timeout: 60_000 })
    await officer.waitForTimeout(1000)
    const whole = await officer.locator('.page[data-render-ms]').getAttribute('data-render-ms')
    await shotOf(officer, 'chains-09-5000-whole')
    await officer.getByTestId('chain-layout').getByText('时间轴').click()
    await officer.waitForTimeout(1000)
    const timeline = await officer.locator('.page[data-render-ms]').getAttribute('data-render-ms')
    console.log(`     5,000 persons: grouped drawn in ${grouped} ms; whole (by generation) in ${whole} ms; timeline in ${timeline} ms`)
    await shotOf(officer, 'chains-10-5000-timeline')
  })
  await desk.close()

  for (const [who, may] of Object.entries(ROLES)) {
    for (const [size, viewport] of [['desk', DESK], ['phone', PHONE]]) {
      await step(`chains: ${who} at ${size} sees the chain and outbreak lists ${may}`, async () => {
        const ctx = await context(browser, viewport, size === 'phone' ? { isMobile: true, hasTouch: true } : {})
        const page = await ctx.newPage()
        try {
          if (who === 'resident') {
            await page.goto(`${base}/login`)
            await page.locator('input[name=username]').fill(who)
            await page.locator('input[name=password]').fill(password)
            await page.getByTestId('login-submit').click()
            await page.waitForTimeout(1500)
          } else await login(page, base, who, password)
          await page.goto(`${base}/epidemic/chains`)
          const chains = page.getByTestId('chains-table')
          if (may === 'both') {
            await chains.waitFor()
            if (who !== 'dingxiang') {
              await chains.locator('tbody tr').first().click()
              await page.getByTestId('chain-summary').waitFor()
            }
          } else {
            await page.waitForTimeout(1500)
            expect(!(await chains.isVisible()), `${who} kept out of chains`)
          }
          await shotOf(page, `chains-role-${who}-${size}-chains`)
          await page.goto(`${base}/epidemic/outbreaks`)
          const outbreaks = page.getByTestId('outbreaks-table')
          if (may !== 'none') await outbreaks.waitFor()
          else {
            await page.waitForTimeout(1500)
            expect(!(await outbreaks.isVisible()), `${who} kept out of outbreaks`)
          }
          await shotOf(page, `chains-role-${who}-${size}-outbreaks`)
        } finally {
          await ctx.close()
        }
      })
    }
  }
}

if (isMain(import.meta.url)) await runAlone(({ base, password, browser, step, expect }) => chainsWalk({ base, password, browser, step, expect }))
