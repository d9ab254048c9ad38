// The early-warning walk (issue 17, 监测预警): every demo role opens the
// 监测预警 page its menu shows, at 1440×900 and on a 390×844 phone, and the
// signal drawer where a signal is in its area — the demo's yellow mumps
// signal of 长征街街道 is seen by the city, 忻府区 and its CDC, not by
// 定襄县, 秀容街道 or the grid; the hospital has no such page. Then the
// county CDC (cdc) verifies that signal with a note and confirms it, and
// reads the response times and the methods. Each screen is checked as in
// epidemic.mjs (no spinner left, no error toast or console error, nothing
// wider than the window) and shot as warn-*.png. It needs a fresh demo:
// the signal is confirmed once.
//
// run.mjs calls warningWalk; alone against a demo server:
//   HEALTHGRID_URL=http://127.0.0.1:18451 node e2e/warning.mjs
import { isMain, runAlone } from './alone.mjs'
import { Session } from './epidemic.mjs'

const PHONE = { width: 390, height: 844 }
const DESK = { width: 1440, height: 900 }

/** ROLES are the demo accounts: whether the menu shows the page, and whether their area holds the demo's mumps signal
 * of 长征街街道 (other walks may raise signals of their own before this one: only the demo's is counted). */
const ROLES = {
  admin: [true, true],
  xinfu: [true, true],
  dingxiang: [true, false],
  street: [true, false],
  grid: [true, false],
  cdc: [true, true],
  hospital: [false, false],
}

/** signalRows are the rows of the signal queue, once its spinner is gone. */
async function signalRows(s) {
  await s.drawn()
  return s.page.locator('[data-testid=signals-table] tbody tr.el-table__row')
}

export async function warningWalk({ base, password, browser, step, expect }) {
  for (const viewport of [DESK, PHONE]) {
    for (const [who, [page, mumps]] of Object.entries(ROLES)) {
      await step(`warning: ${who} at ${viewport.width}`, async () => {
        const s = await Session.open(browser, viewport)
        try {
          await s.login(base, who, password)
          if (!page) {
            expect((await s.page.getByTestId('menu-epidemic-warning').count()) === 0, `${who}'s menu shows 监测预警`)
            await s.page.goto(`${base}/epidemic/warning`)
            await s.page.waitForURL((u) => !u.pathname.startsWith('/epidemic/warning'), { timeout: 5000 }).catch(() => {})
            await s.shot(`warn-${who}-${viewport.width}-refused`)
            expect(!/\/epidemic\/warning/.test(new URL(s.page.url()).pathname), `${who} reached 监测预警: ${s.page.url()}`)
            return
          }
          await s.go('epidemic-warning')
          const rows = (await signalRows(s)).filter({ hasText: '流行性腮腺炎' })
          expect((await rows.count()) === (mumps ? 1 : 0), `${who} sees ${await rows.count()} mumps signals, want ${mumps ? 1 : 0}`)
          await s.shot(`warn-${who}-${viewport.width}-queue`)
          if (mumps) {
            expect((await rows.first().getByTestId('signal-level').innerText()).includes('黄色'), 'the demo signal is yellow')
            await rows.first().getByTestId('signal-open').click()
            await s.page.getByTestId('signal-chart').locator('canvas').first().waitFor()
            await s.drawn()
            await s.shot(`warn-${who}-${viewport.width}-signal`)
          }
        } finally {
          await s.close()
        }
      })
    }
  }

  await step('warning: the county CDC verifies and confirms the signal', async () => {
    const s = await Session.open(browser, DESK)
    try {
      await s.login(base, 'cdc', password)
      await s.go('epidemic-warning')
      const rows = await signalRows(s)
      await rows.filter({ hasText: '流行性腮腺炎' }).getByTestId('signal-open').click()
      const drawer = s.page.getByTestId('signal-drawer')
      await s.page.getByTestId('signal-verify').click()
      await s.page.locator('textarea[data-testid=signal-note], [data-testid=signal-note] textarea').first().fill('已电话核实：长征街小学三年级本周腮腺炎病例增多')
      await s.shot('warn-01-verify')
      await s.page.getByTestId('signal-step-ok').click()
      await drawer.getByTestId('signal-drawer-status').getByText('核实中').waitFor()
      await s.page.getByTestId('signal-confirm').click()
      await s.shot('warn-02-confirm')
      await s.page.getByTestId('signal-step-ok').click()
      await drawer.getByTestId('signal-drawer-status').getByText('已确认').waitFor()
      await s.drawn()
      await s.shot('warn-03-confirmed')
      await s.page.keyboard.press('Escape')
      await s.page.getByRole('tab', { name: '响应时效' }).click()
      const unit = s.page.locator('[data-testid=response-table] tbody tr', { hasText: '忻府区' })
      await unit.waitFor()
      await s.drawn()
      await s.shot('warn-04-response')
      await s.page.getByRole('tab', { name: '方法配置' }).click()
      await s.page.locator('[data-testid=methods-table] tbody tr').first().waitFor()
      await s.drawn()
      await s.shot('warn-05-methods')
    } finally {
      await s.close()
    }
  })
}

if (isMain(import.meta.url)) await runAlone(warningWalk)
