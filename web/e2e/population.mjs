// The population walk of the e2e suite (issue 3), as the 忻府区 region admin:
// import a small csv with good and bad rows, find an imported resident by a
// name prefix, reveal their full ID after confirming, read the history, fill
// the form's ID check, and open a building's households. run.mjs calls it with
// its own helpers.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

/** withCheck appends the GB 11643 check character to 17 digits. */
export function withCheck(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return first17 + '10X98765432'[sum % 11]
}

/** badCheck is the ID number with a wrong check character. */
function badCheck(id) {
  return id.slice(0, 17) + (id[17] === '0' ? '1' : '0')
}

/** firstGrid walks down from a region to its first grid, as the city admin (xinfu may not see 定襄县). */
async function firstGrid(base, password, code) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  })
  const { token } = await login.json()
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${base}/api/v1/regions?parent=${code}`, { headers: { Authorization: `Bearer ${token}` } })
    const items = (await res.json()).items ?? []
    if (!items.length) throw new Error(`no children under ${code}`)
    code = items[0].code
  }
  return code
}

/** adminToken logs the city admin in through the API. */
async function adminToken(base, password) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  })
  return (await res.json()).token
}

/** pickGrid opens a GridPicker and walks its tree down to 东大街社区第1网格 (140902001002001). */
async function pickGrid(page, picker) {
  await picker.click()
  for (const name of ['忻府区', '秀容街道', '东大街社区', '东大街社区第1网格']) {
    await page.locator('.el-tree-select__popper:visible .el-tree-node__content', { hasText: name }).first().click()
  }
}

export async function populationWalk({ base, password, step, shot, expect, newSession, login, logout, openMenu, tableRows, page }) {
  const tmp = await mkdtemp(join(tmpdir(), 'hg-e2e-'))
  const stamp = String(Date.now() % 100000).padStart(5, '0')
  // a surname no demo resident has, so that the prefix finds only these
  const prefix = `测${stamp}`

  await step('xinfu: import a csv with 3 good rows and 2 bad ones', async () => {
    await newSession()
    await login('xinfu')
    const grid = '140902001002001'
    const foreign = await firstGrid(base, password, '140921000000') // 定襄县
    // birth dates and sequence numbers vary with the stamp, so that a rerun
    // against the same server does not collide with the last one
    const n = Number(stamp)
    const md = `${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (Math.floor(n / 12) % 28)).padStart(2, '0')}`
    const id = (year, i) => withCheck(`140902${year}${md}${String((n * 7 + i) % 1000).padStart(3, '0')}`)
    const rows = [
      ['姓名', '身份证号', '手机号', '民族', '网格编码', '地址', '居住类型', '标签'],
      [`${prefix}甲`, id(1960, 1), `139${stamp}001`, '汉族', grid, '东大街1号', '户籍', '高血压'],
      [`${prefix}乙`, id(1985, 2), '', '回族', grid, '东大街2号', '常住', ''],
      [`${prefix}丙`, id(2020, 3), '', '01', grid, '', '流动', '低保;残疾人'],
      [`${prefix}丁`, badCheck(id(1970, 4)), '', '汉族', grid, '', '户籍', ''],
      [`${prefix}戊`, id(1975, 5), '', '汉族', foreign, '', '户籍', ''],
    ]
    const file = join(tmp, `居民导入-${stamp}.csv`)
    await writeFile(file, rows.map((r) => r.join(',')).join('\r\n') + '\r\n')

    await openMenu('imports')
    await page().getByTestId('import-upload').locator('input[type=file]').setInputFiles(file)
    await page().getByTestId('import-file').waitFor()
    await shot('p1-import-chosen')
    await page().getByTestId('import-start').click()
    await page().locator('[data-testid=import-progress][data-status=done]').waitFor({ timeout: 60_000 })
    const imported = (await page().getByTestId('import-imported').innerText()).trim()
    const rejected = (await page().getByTestId('import-rejected').innerText()).trim()
    expect(/\b3$/.test(imported) && /\b2$/.test(rejected), `imported ${imported}, rejected ${rejected}`)
    await shot('p2-import-done')
  })

  await step('import: the error report downloads', async () => {
    const [dl] = await Promise.all([page().waitForEvent('download'), page().getByTestId('import-report').click()])
    const saved = join(tmp, dl.suggestedFilename() || 'report.xlsx')
    await dl.saveAs(saved)
    const size = (await stat(saved)).size
    // an xlsx is a zip: it starts with PK
    expect(size > 1000 && saved.endsWith('.xlsx'), `error report downloaded: ${saved} (${size} bytes)`)
    await tableRows('imports-table', 1)
  })

  await step('residents: the list, masked', async () => {
    await openMenu('residents')
    await tableRows('residents-table', 1)
    const ids = await page().locator('[data-testid=residents-table] tbody tr td:nth-child(4)').allInnerTexts()
    expect(ids.every((s) => s.includes('*')), `ID numbers are masked: ${ids.slice(0, 3).join(', ')}`)
    await shot('p3-residents')
  })

  await step('residents: the form checks the ID, reads gender and birth date off it, and saves', async () => {
    await page().getByTestId('resident-create').click()
    const form = page().getByTestId('resident-form')
    await form.waitFor()
    const good = withCheck(`14090219800101${String(Number(stamp) % 1000).padStart(3, '0')}`)
    await form.locator('input[name=id_number]').fill(badCheck(good))
    await form.locator('input[name=name]').click()
    await form.getByText('身份证号校验位错误').waitFor()
    await form.locator('input[name=id_number]').fill(good)
    await form.locator('input[name=name]').fill(`对照${stamp}`)
    await form.getByTestId('resident-derived').getByText('1980-01-01').waitFor()
    await pickGrid(page(), form.locator('.grid-picker'))
    await shot('p4-resident-form')
    await page().getByTestId('resident-save').click()
    await form.waitFor({ state: 'hidden' })
  })

  await step('residents: search by a name prefix', async () => {
    const q = page().getByTestId('resident-q')
    await q.fill(prefix)
    await q.press('Enter')
    await page().waitForFunction(
      (p) => {
        const cells = [...document.querySelectorAll('[data-testid=residents-table] tbody tr td:nth-child(1)')]
        return cells.length === 3 && cells.every((c) => c.textContent.trim().startsWith(p))
      },
      prefix,
    )
    await shot('p5-residents-search')
  })

  await step('residents: open one, reveal after confirming, see the history', async () => {
    await page().getByTestId('resident-open').first().click()
    const drawer = page().getByTestId('resident-drawer')
    await drawer.getByTestId('resident-fields').waitFor()
    const masked = (await drawer.getByTestId('resident-id-number').innerText()).trim()
    expect(masked.includes('*'), `masked before reveal: ${masked}`)
    await drawer.getByTestId('resident-reveal').click()
    const box = page().locator('.el-message-box')
    await box.getByText('审计日志').waitFor()
    await shot('p6-resident-reveal-confirm')
    await box.getByRole('button', { name: '确认查看' }).click()
    await drawer.getByTestId('resident-revealed').waitFor()
    const full = (await drawer.getByTestId('resident-id-number').innerText()).trim()
    expect(/^\d{17}[\dX]$/.test(full) && full.slice(-4) === masked.slice(-4), `full ID shown: ${full}`)
    // the import left an entry on the timeline
    await drawer.getByTestId('resident-history').getByText('批量导入').first().waitFor()
    await shot('p7-resident-revealed')
    await page().keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
  })

  await step('buildings and a building’s households', async () => {
    await openMenu('buildings')
    const table = page().locator('[data-testid=buildings-table]')
    await table.locator('tbody tr, .el-table__empty-text').first().waitFor()
    // a demo without buildings: add one
    if (!(await table.locator('tbody tr').count())) {
      await page().getByTestId('building-create').click()
      const form = page().getByTestId('building-form')
      await form.locator('input[name=name]').fill(`东大街${stamp}号楼`)
      await pickGrid(page(), form.locator('.grid-picker'))
      await page().getByTestId('building-save').click()
      await form.waitFor({ state: 'hidden' })
    }
    await tableRows('buildings-table', 1)
    await shot('p8-buildings')
    await page().getByTestId('building-households').first().click()
    await page().getByTestId('households-table').waitFor()
    const room = `${stamp.slice(-2)}单元101`
    await page().getByTestId('household-create').click()
    const hform = page().getByTestId('household-form')
    await hform.locator('input[name=room]').fill(room)
    await page().getByTestId('household-save').click()
    await hform.waitFor({ state: 'hidden' })
    await page().locator('[data-testid=households-table] tbody tr', { hasText: room }).first().waitFor()
    // unfold a household with people: its members list, the head marked
    const rows = page().locator('[data-testid=households-table] > .el-table__inner-wrapper > .el-table__body-wrapper tbody > tr.el-table__row')
    const counts = await rows.locator('td:nth-child(4)').allInnerTexts()
    const i = counts.findIndex((c) => Number(c) > 0)
    if (i >= 0) {
      await rows.nth(i).locator('.el-table__expand-icon').click()
      await page().getByTestId('household-members').locator('tbody tr').first().waitFor()
    }
    await shot('p9-building-households')
    await page().keyboard.press('Escape')
    await logout()
  })

  await transferSteps({ base, password, step, shot, expect, newSession, login, logout, openMenu, page, stamp })
  await rm(tmp, { recursive: true, force: true })
}

/**
 * transferSteps: 忻府区 cannot register a resident of 定襄县 — the refusal
 * offers a transfer request, which 定襄县 approves on its 迁入迁出 page.
 */
async function transferSteps({ base, password, step, shot, expect, newSession, login, logout, openMenu, page, stamp }) {
  const name = `迁${stamp}`
  const n = Number(stamp)
  const id = withCheck(`1409211985${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`)

  await step('transfers: a resident of 定襄县 cannot be registered by 忻府区; the refusal offers a transfer request', async () => {
    const grid = await firstGrid(base, password, '140921000000')
    const token = await adminToken(base, password)
    const res = await fetch(`${base}/api/v1/residents`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ name, id_number: id, grid_code: grid }),
    })
    expect(res.status === 201, `the 定襄县 resident is registered: ${res.status}`)
    await newSession()
    await login('xinfu')
    await openMenu('residents')
    await page().getByTestId('resident-create').click()
    const form = page().getByTestId('resident-form')
    await form.waitFor()
    await form.locator('input[name=id_number]').fill(id)
    await form.locator('input[name=name]').fill(name)
    await pickGrid(page(), form.locator('.grid-picker'))
    await page().getByTestId('resident-save').click()
    const box = page().locator('.el-message-box')
    await box.getByText('提交迁入申请').first().waitFor()
    await shot('t1-transfer-offer')
    await box.getByRole('button', { name: '提交迁入申请' }).click()
    const tform = page().getByTestId('transfer-form')
    await tform.waitFor()
    expect((await tform.locator('input[name=id_number]').inputValue()) === id, 'the request carries the refused ID number')
    expect((await tform.locator('input[name=name]').inputValue()) === name, 'and the name')
    await tform.locator('textarea[name=reason]').fill('随子女迁入东大街社区')
    await shot('t2-transfer-form')
    await page().getByTestId('transfer-save').click()
    await tform.waitFor({ state: 'hidden' })
    await openMenu('transfers')
    await page().getByTestId('transfer-outgoing').click()
    const row = page().locator('[data-testid=transfers-table] tbody tr', { hasText: name })
    await row.getByText('待处理').waitFor()
    const cells = await row.locator('td').allInnerTexts()
    expect(!cells.join(' ').includes('北关村') && cells[1].includes('*'), `the requester sees neither where nor the full ID: ${cells.join(' | ')}`)
    await shot('t3-transfers-outgoing')
    await logout()
  })

  await step('transfers: 定襄县 approves the incoming request; the resident moves', async () => {
    await newSession()
    await login('dingxiang')
    await openMenu('transfers')
    const row = page().locator('[data-testid=transfers-table] tbody tr', { hasText: name })
    await row.waitFor()
    await shot('t4-transfers-incoming')
    await row.getByTestId('transfer-approve').click()
    const dlg = page().getByTestId('transfer-decision')
    await dlg.waitFor()
    await dlg.locator('textarea[name=note]').fill('同意迁出')
    await shot('t5-transfer-approve')
    await page().getByTestId('transfer-decide').click()
    await row.getByText('已同意').waitFor()
    await shot('t6-transfers-approved')
    await logout()
  })
}
