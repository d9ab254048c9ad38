// The matter catalogue walk of the e2e suite (issue 4): as the system admin,
// the seeded catalogue with its category tree; a category narrows the list;
// a matter's routing and criteria in the drawer; a new matter — refused
// empty, then saved with its routing and limits; switched off from the
// table. Then the grid worker reads the catalogue without editing it.
// run.mjs calls it with its own helpers.

/** squeeze drops the white space a table cell's layout puts in its text. */
const squeeze = (s) => s.replace(/\s+/g, '')

export async function matterWalk({ step, shot, expect, newSession, login, logout, openMenu, tableRows, page }) {
  const p = () => page()
  const rows = () => p().locator('[data-testid=matters-table] .el-table__body-wrapper tbody tr')
  const code = `QT-${100 + (Date.now() % 900)}`
  const name = `测试事项${code.slice(3)}`

  await step('matters: the seeded catalogue', async () => {
    await newSession()
    await login('admin')
    await openMenu('matters')
    const n = await tableRows('matters-table', 20)
    expect(n === 20, `a page of matters: ${n}`)
    const tree = await p().getByTestId('matter-categories').innerText()
    for (const c of ['公共卫生', '环境卫生', '传染病疫情线索', '医疗服务', '健康管理', '综合']) {
      expect(tree.includes(c), `the tree lists ${c}`)
    }
    const first = squeeze(await rows().first().innerText())
    expect(first.includes('HJWS-01') && first.includes('街道办事处') && first.includes('自处置') && first.includes('派遣2工作小时·处置2工作日·核查1工作日'),
      `the first row: ${first}`)
    await shot('30-matters')
  })

  await step('matters: a category narrows the list', async () => {
    await p().getByTestId('category-CRB').click()
    await p().locator('[data-testid=matters-table] tbody tr', { hasText: 'CRB-04' }).waitFor()
    const texts = (await rows().allInnerTexts()).map(squeeze)
    expect(texts.length === 4 && texts.every((r) => r.includes('CRB-')), `传染病疫情线索 only: ${texts.length}`)
    expect(texts[0].includes('疾病预防控制中心') && texts[0].includes('派遣1工作小时·处置4工作小时'), `the CDC leads: ${texts[0]}`)
    await shot('31-matters-category')
  })

  await step('matters: a matter with its routing and criteria', async () => {
    await rows().first().locator('.el-link').click()
    const drawer = p().getByTestId('matter-drawer')
    await drawer.getByTestId('matter-detail').waitFor()
    const routing = await drawer.getByTestId('matter-routing').innerText()
    expect(routing.includes('县（区）') && routing.includes('疾病预防控制中心') && routing.includes('乡镇卫生院'), `routing: ${routing}`)
    const criteria = await drawer.getByTestId('matter-register-criteria').innerText()
    expect(criteria.includes('3例'), `register criteria: ${criteria}`)
    await p().waitForTimeout(300)
    await shot('32-matter-detail')
    await p().keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
  })

  await step('matters: a new matter is refused empty, then saved', async () => {
    await p().getByTestId('category-all').click()
    await p().getByTestId('matter-create').click()
    const form = p().getByTestId('matter-form')
    await form.waitFor()
    await p().getByTestId('matter-save').click()
    await form.getByTestId('routing-error').waitFor()
    await p().waitForTimeout(300)
    await shot('33-matter-form-refused')
    await form.locator('input[name=code]').fill(code)
    await form.locator('input[name=name]').fill(name)
    await form.locator('.el-select[data-testid=matter-category]').click()
    await p().locator('.el-tree-select__popper:visible .el-tree-node__content', { hasText: '其他' }).first().click()
    const township = p().getByTestId('routing-township')
    await township.locator('.el-select').first().click()
    await p().locator('.el-select-dropdown__item:visible', { hasText: '街道办事处' }).first().click()
    await form.getByTestId('routing-error').waitFor({ state: 'hidden' })
    await p().waitForTimeout(300) // let the lead's dropdown close
    await township.locator('.el-select').nth(1).click()
    await p().locator('.el-select-dropdown__item:visible', { hasText: '社区居委会' }).first().click()
    await p().keyboard.press('Escape')
    await p().waitForTimeout(300)
    const handle = p().getByTestId('limit-handle')
    await handle.locator('input').first().fill('5')
    await handle.locator('.el-select').click()
    await p().locator('.el-select-dropdown__item:visible', { hasText: '自然日' }).first().click()
    await form.locator('textarea[name=register_criteria]').fill('诉求明确，有具体地点，附现场照片。')
    await form.locator('textarea[name=close_criteria]').fill('问题已解决，附处置后照片。')
    await p().waitForTimeout(300)
    await shot('34-matter-form')
    await p().getByTestId('matter-save').click()
    const drawer = p().getByTestId('matter-drawer')
    await drawer.getByTestId('matter-detail').waitFor()
    const detail = await drawer.innerText()
    expect(detail.includes(code) && detail.includes('处置 5 自然日') && detail.includes('社区居委会'), `saved: ${detail}`)
    await p().keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
  })

  await step('matters: switched off from the table', async () => {
    await p().locator('input[name=q]').fill(code)
    await p().getByTestId('matter-search').click()
    await p().locator('[data-testid=matters-table] tbody tr', { hasText: code }).waitFor()
    await p().getByTestId(`matter-enabled-${code}`).click()
    await p().locator('.el-message-box:visible').getByRole('button', { name: '停用' }).click()
    await p().locator('.el-message', { hasText: `已停用“${name}”` }).waitFor()
    await p().getByTestId('matter-filter-enabled').click()
    await p().locator('.el-select-dropdown__item:visible', { hasText: '已停用' }).first().click()
    await p().getByTestId('matter-search').click()
    await p().locator('[data-testid=matters-table] tbody tr', { hasText: code }).waitFor()
    expect(!(await p().getByTestId(`matter-enabled-${code}`).locator('input').isChecked()), 'the switch is off')
    await p().waitForTimeout(300)
    await shot('35-matter-disabled')
    await logout()
  })

  await step('matters: the grid worker reads the catalogue', async () => {
    await newSession()
    await login('grid')
    await openMenu('matters')
    await tableRows('matters-table', 20)
    expect((await p().getByTestId('matter-create').count()) === 0, 'no create button')
    expect((await p().getByTestId('category-create').count()) === 0, 'no category editing')
    expect(await p().getByTestId('matter-enabled-HJWS-01').locator('input').isDisabled(), 'the switch is read-only')
    await rows().first().locator('.el-link').click()
    const drawer = p().getByTestId('matter-drawer')
    await drawer.getByTestId('matter-detail').waitFor()
    expect((await drawer.getByTestId('matter-edit').count()) === 0, 'no edit button')
    await p().waitForTimeout(300)
    await shot('36-matters-grid-worker')
    await p().keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
    await logout()
  })
}
