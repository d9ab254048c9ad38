// The 工作台 walk of the e2e suite (issue 15): every staff role lands on
// its workbench, whose counts open the lists they count; 我的待办 carries
// its count on the menu; on a 390×844 phone the menu is a drawer, the page
// does not scroll sideways and a dialog's buttons are on screen. run.mjs
// calls it with its own helpers; the screenshots are of both sizes.
const PHONE = { width: 390, height: 844 }

/** wideness is how far the page reaches past the screen's width, in px. */
async function wideness(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

/** onScreen tells whether the element lies wholly inside the viewport. */
async function onScreen(locator) {
  const box = await locator.boundingBox()
  const vp = locator.page().viewportSize()
  return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width + 1 && box.y + box.height <= vp.height + 1
}

export async function workbenchWalk({ step, shot, expect, newSession, login, logout, page }) {
  for (const [user, who] of [['admin', 'admin'], ['street', 'township'], ['grid', 'grid'], ['cdc', 'dept']]) {
    await step(`${who} lands on the workbench`, async () => {
      await newSession()
      await login(user)
      await page().waitForURL(/\/workbench$/)
      await page().getByTestId('wb-todos').waitFor()
      await page().getByTestId('wb-rate-reports').waitFor()
      const total = Number(await page().locator('[data-testid=wb-total] .n').innerText())
      if (total > 0) {
        await page().locator('[data-testid=inbox-badge] .el-badge__content').filter({ hasText: String(Math.min(total, 99)) }).waitFor()
      }
      await shot(`wb-${who}-1440`)
    })
  }

  await step('a centre’s 待立案 opens the reports to register', async () => {
    await newSession()
    await login('street')
    const todo = page().getByTestId('wb-todo-register')
    await todo.waitFor()
    const n = Number(await todo.locator('.kind-n').innerText())
    expect(n > 0, 'the demo centre has reports to register')
    await todo.click()
    await page().waitForURL(/\/events\?.*status=reported/)
    await page().locator('[data-testid=events-table] tbody tr').first().waitFor()
    await logout()
  })

  await step('the grid worker has no pages it cannot use', async () => {
    await newSession()
    await login('grid')
    for (const m of ['units', 'users', 'audit', 'imports', 'api-keys', 'calendar']) {
      expect((await page().getByTestId(`menu-${m}`).count()) === 0, `no ${m} for a grid worker`)
    }
  })

  await step('我的待办 searches by number or title', async () => {
    await page().getByTestId('menu-event-inbox').click()
    await page().waitForURL(/\/events\/inbox/)
    const search = page().locator('input[data-testid=inbox-search], [data-testid=inbox-search] input').first()
    await search.fill('没有这样的标题')
    await search.press('Enter')
    await page().locator('[data-testid=inbox] .el-empty').waitFor()
    await search.fill('')
    await search.press('Enter')
    await shot('wb-grid-inbox-1440')
  })

  for (const [user, who] of [['admin', 'admin'], ['street', 'township'], ['grid', 'grid'], ['cdc', 'dept']]) {
    await step(`${who} on a phone`, async () => {
      await newSession()
      await page().setViewportSize(PHONE)
      await login(user)
      await page().waitForURL(/\/workbench$/)
      await page().getByTestId('wb-todos').waitFor()
      expect((await wideness(page())) <= 0, `the workbench is ${await wideness(page())} px too wide`)
      expect(!(await page().getByTestId('side-menu').first().isVisible()), 'the menu waits in its drawer')
      await shot(`wb-${who}-390`)
      await page().getByTestId('menu-button').click()
      await page().getByTestId('menu-event-inbox').click()
      await page().waitForURL(/\/events\/inbox/)
      await page().waitForTimeout(300)
      expect((await wideness(page())) <= 0, `我的待办 is ${await wideness(page())} px too wide`)
      await shot(`wb-${who}-inbox-390`)
      await page().getByTestId('menu-button').click()
      await page().getByTestId('menu-events').click()
      await page().waitForURL(/\/events$/)
      await page().locator('[data-testid=events-table] tbody tr').first().waitFor()
      expect((await wideness(page())) <= 0, `the event list is ${await wideness(page())} px too wide`)
      await shot(`wb-${who}-events-390`)
      // a dialog: the first action on the first case waiting
      await page().goto(page().url().replace(/\/events$/, '/events/inbox'))
      await page().locator('[data-testid=inbox-open], [data-testid=inbox] .el-empty').first().waitFor()
      const act = page().locator('[data-testid=inbox] [data-testid=action-bar] button').first()
      if (!(await act.count())) return // nothing waits: no dialog to open
      await act.click()
      const dialog = page().locator('.el-dialog').filter({ visible: true }).first()
      await dialog.waitFor()
      await page().waitForTimeout(400)
      const buttons = dialog.locator('.el-dialog__footer button')
      for (let i = 0; i < (await buttons.count()); i++) {
        expect(await onScreen(buttons.nth(i)), `the dialog's button ${i + 1} is off-screen`)
      }
      await shot(`wb-${who}-dialog-390`)
    })
  }
}
