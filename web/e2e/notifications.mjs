// The notifications walk of the e2e suite (issue 4). The CDC's clerk keeps
// the console open while the 秀容街道 centre — in a session of its own,
// through the API — registers a 聚集性发热 case and dispatches it to
// 忻府区疾控中心: the bell in the clerk's header counts it at once and a toast
// names it; the dropdown lists it first and opens the case; the 通知 page
// filters the unread ones and marks them all read. run.mjs calls it with its
// own helpers.
import { request } from 'playwright-core'

const GRID = '140902001002001' // 东大街社区第1网格, in 秀容街道

/** badge is the number on the bell (0 when hidden). */
async function badge(page) {
  const sup = page.locator('[data-testid=notify-badge] .el-badge__content')
  if (!(await sup.isVisible())) return 0
  return Number((await sup.innerText()).replace('+', ''))
}

async function badgeIs(page, n) {
  await page.waitForFunction((want) => {
    const sup = document.querySelector('[data-testid=notify-badge] .el-badge__content')
    const shown = sup && getComputedStyle(sup).display !== 'none' ? Number(sup.textContent.replace('+', '')) : 0
    return shown === want
  }, n)
}

/** dispatchToCDC files a case as the street centre and sends it to the CDC, returning its number. */
async function dispatchToCDC(base, password) {
  const api = await request.newContext({ baseURL: base })
  try {
    const login = await api.post('/api/v1/auth/login', { data: { username: 'street', password } })
    const headers = { Authorization: `Bearer ${(await login.json()).token}` }
    const call = async (method, path, data) => {
      const res = await api.fetch(path, { method, headers, data })
      if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`)
      return res.json()
    }
    const ev = await call('POST', '/api/v1/events', {
      source: 'hotline_12345', matter_code: 'CRB-01', grid_code: GRID, title: '幼儿园大班多名儿童发热',
      description: '家长来电：东大街幼儿园大班今日有5名儿童发热，2名伴呕吐。', reporter_name: '王女士',
    })
    await call('POST', `/api/v1/events/${ev.id}/actions`, { action: 'register', comment: '符合立案标准' })
    const units = await call('GET', `/api/v1/events/${ev.id}/units`)
    const cdc = units.find((u) => u.suggested === 'lead' && u.name.includes('疾病预防控制中心'))
    if (!cdc) throw new Error(`the CDC is not suggested: ${units.map((u) => u.name).join(', ')}`)
    await call('POST', `/api/v1/events/${ev.id}/actions`, { action: 'dispatch', lead_unit_id: cdc.id, comment: '请立即开展流行病学调查' })
    return { id: ev.id, number: ev.number }
  } finally {
    await api.dispose()
  }
}

export async function notificationWalk({ base, password, step, shot, expect, newSession, login, logout, page }) {
  let before = 0
  let ev

  await step('cdc: the bell shows the unread notifications', async () => {
    await newSession()
    await login('cdc')
    await page().getByTestId('notify-bell').waitFor()
    const res = await page().request.get(`${base}/api/v1/notifications/unread-count`)
    before = (await res.json()).unread
    await badgeIs(page(), before)
  })

  await step('street dispatches a case to the CDC: the open console hears of it at once', async () => {
    ev = await dispatchToCDC(base, password)
    await badgeIs(page(), before + 1)
    const toast = page().locator('[data-testid=notification-toast]', { hasText: ev.number })
    await toast.waitFor()
    await shot('n1-toast')
  })

  await step('cdc: the dropdown lists it first and opens the case', async () => {
    await page().getByTestId('notify-bell').click()
    const first = page().locator('[data-testid=notify-dropdown] [data-testid=notification-row]').first()
    await first.getByText(ev.number).waitFor()
    expect((await first.innerText()).includes('新派遣任务待签收'), `the first row: ${await first.innerText()}`)
    await shot('n2-bell')
    await first.click()
    await page().waitForURL(new RegExp(`/events/${ev.id}$`))
    expect((await page().getByTestId('event-number').innerText()).trim() === ev.number, 'the case opens')
    await badgeIs(page(), before)
  })

  await step('cdc: the 通知 page filters the unread ones and marks them all read', async () => {
    await page().getByTestId('notify-bell').click()
    await page().getByTestId('notify-view-all').click()
    await page().waitForURL(/\/notifications$/)
    await page().locator('[data-testid=notifications] [data-testid=notification-row]', { hasText: ev.number }).waitFor()
    if (before > 0) {
      await page().getByTestId('notifications-unread').click()
      await page().locator('[data-testid=notifications] [data-testid=notification-row].unread').first().waitFor()
      const rows = await page().locator('[data-testid=notifications] [data-testid=notification-row]').count()
      expect(rows === Math.min(before, 20), `unread rows: ${rows}, want ${before}`)
    }
    await shot('n3-page')
    if (before > 0) {
      await page().getByTestId('notifications-read-all').click()
      await badgeIs(page(), 0)
      await page().locator('[data-testid=notifications] .el-empty').waitFor()
    }
    expect((await badge(page())) === 0, 'nothing unread')
    await logout()
  })
}
