// The grid walk of the e2e suite (issue 3): as the 忻府区 region admin, the
// grid map of the county coloured by residents, then 东大街社区's grids; click a
// grid → its profile; edit its boundary, drag a vertex, then give it its
// neighbour's shape → the overlap is refused in words; export the
// boundaries and import them back (a bad file is refused feature by
// feature); link one more party branch to the community; create a team member on the team page. Then the grid worker's
// read-only map. run.mjs calls it with its own helpers.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const VILLAGE = { code: '140902001002', name: '东大街社区', level: 'village' }

export async function gridWalk({ base, step, shot, expect, newSession, login, logout, openMenu, tableRows, page }) {
  const p = () => page()
  const polygons = async (min) => {
    const paths = p().locator('[data-testid=region-map] path.leaflet-interactive')
    await paths.nth(min - 1).waitFor()
    return paths
  }

  await step('grid map: the county coloured by residents', async () => {
    await newSession()
    await login('xinfu')
    await openMenu('grid-map')
    const paths = await polygons(100)
    const n = await paths.count()
    expect(n >= 100, `the county's grids on the map: ${n}`)
    const count = await p().locator('.grid-map-page').innerText()
    expect(/共 \d+ 个网格/.test(count), 'the grid count shows')
    await p().getByTestId('grid-color-mode').getByText('居民数').click()
    await p().getByTestId('grid-legend').waitFor()
    await p().waitForTimeout(500)
    await shot('20-grid-map-county')
  })

  await step('grid map: a village, click a grid → its profile', async () => {
    await p().evaluate((v) => sessionStorage.setItem('hg.region', JSON.stringify(v)), VILLAGE)
    await p().reload()
    await p().getByTestId('grid-map-region').getByText(VILLAGE.name).waitFor()
    const paths = await polygons(2)
    await p().waitForTimeout(500) // let the map settle: a redraw between mouse down and up loses the click
    await paths.first().click({ force: true })
    const drawer = p().getByTestId('grid-profile')
    await drawer.getByTestId('grid-teams').waitFor()
    const text = await drawer.innerText()
    expect(text.includes('网格员') && text.includes('家庭医生团队') && text.includes('执勤民警'), 'the four teams are listed')
    expect(/1\d\d\*\*\*\*\d{4}/.test(text), 'phones are masked')
    expect(text.includes(`${VILLAGE.name}党支部`), 'the village party branch is linked')
    expect(text.includes(VILLAGE.name), 'the chain names the village')
    await drawer.getByTestId('grid-area').waitFor()
    await p().waitForTimeout(400)
    await shot('21-grid-profile')
  })

  await step('boundary editor: drag a vertex, then an overlapping shape is refused', async () => {
    const drawer = p().getByTestId('grid-profile')
    const title = (await drawer.locator('.el-drawer__title').innerText()).trim()
    await drawer.getByTestId('grid-edit-boundary').click()
    const editor = p().getByTestId('boundary-editor')
    await editor.waitFor()
    const vertex = p().locator('.leaflet-marker-icon.marker-icon:not(.marker-icon-middle)').first()
    await vertex.waitFor()
    await p().waitForTimeout(400)
    await shot('22-boundary-editor')
    // drag one vertex a little: the coordinates follow
    await editor.locator('.el-collapse-item__header').click()
    const json = editor.getByTestId('boundary-json') // el-input puts it on the textarea itself
    const before = await json.inputValue()
    const box = await vertex.boundingBox()
    await p().mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await p().mouse.down()
    await p().mouse.move(box.x + box.width / 2 + 12, box.y + box.height / 2 + 8, { steps: 5 })
    await p().mouse.up()
    await p().waitForFunction((b) => document.querySelector('textarea[data-testid=boundary-json]')?.value !== b, before)
    // now the neighbour's own shape: it overlaps the neighbour completely
    const res = await p().request.get(`${base}/api/v1/grids?region=${VILLAGE.code}&geometry=true`)
    const grids = (await res.json()).items
    const self = grids.find((g) => g.name === title)
    const other = grids.find((g) => g.name !== title && g.geometry)
    expect(self && other, `the village has two grids with boundaries (editing ${title})`)
    await json.fill(JSON.stringify(other.geometry))
    await editor.getByTestId('boundary-apply').click()
    await editor.getByTestId('boundary-save').click()
    const errors = editor.getByTestId('boundary-errors')
    await errors.waitFor()
    const msg = await errors.innerText()
    expect(msg.includes('重叠') && msg.includes(other.name), `the overlap is named: ${msg}`)
    await p().waitForTimeout(300)
    await shot('23-boundary-overlap')
    await editor.getByRole('button', { name: '取消' }).click()
    await editor.waitFor({ state: 'hidden' })
    const after = await p().request.get(`${base}/api/v1/grids/${self.code}`)
    expect(JSON.stringify((await after.json()).geometry) === JSON.stringify(self.geometry), 'the refused boundary was not saved')
  })

  await step('grid map: export the boundaries, import them back, and a bad import is refused feature by feature', async () => {
    const [download] = await Promise.all([p().waitForEvent('download'), p().getByTestId('grid-export').click()])
    expect(download.suggestedFilename() === `grids-${VILLAGE.code}.geojson`, `file name ${download.suggestedFilename()}`)
    const fc = JSON.parse(await readFile(await download.path(), 'utf8'))
    expect(fc.type === 'FeatureCollection' && fc.features.length >= 2, 'the export is a FeatureCollection of the village grids')
    const dir = await mkdtemp(join(tmpdir(), 'hg-grid-e2e-'))
    try {
      const bad = structuredClone(fc)
      bad.features[0].geometry = bad.features[1].geometry
      bad.features.push({ type: 'Feature', properties: { code: '140902001002999' }, geometry: fc.features[0].geometry })
      await writeFile(join(dir, 'bad.geojson'), JSON.stringify(bad))
      await writeFile(join(dir, 'same.geojson'), JSON.stringify(fc))
      await p().getByTestId('grid-import').click()
      await p().getByTestId('boundary-file').setInputFiles(join(dir, 'bad.geojson'))
      await p().getByTestId('boundary-import-submit').click()
      const table = p().getByTestId('boundary-import-errors')
      await table.waitFor()
      const text = await table.innerText()
      expect(text.includes('重叠') && text.includes('140902001002999') && text.includes('不存在'), `the problems are listed: ${text}`)
      await p().waitForTimeout(300)
      await shot('24-boundary-import-refused')
      await p().getByTestId('boundary-file').setInputFiles(join(dir, 'same.geojson'))
      await p().getByTestId('boundary-import-submit').click()
      await p().locator('.el-message', { hasText: `0 个网格边界，${fc.features.length} 个未变化` }).waitFor()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  await step("regions: a community's party branches, one more linked shows on its grids", async () => {
    await openMenu('regions')
    await p().evaluate((v) => sessionStorage.setItem('hg.region', JSON.stringify(v)), VILLAGE)
    await p().reload()
    const card = p().getByTestId('community-branches')
    await card.getByTestId('grid-branches').getByText(`${VILLAGE.name}党支部`).waitFor()
    await card.getByTestId('branch-select').click()
    const other = p().locator('.el-select-dropdown__item:visible', { hasNotText: VILLAGE.name }).first()
    await other.waitFor()
    const name = (await other.locator('span').first().innerText()).trim()
    await other.click()
    await p().keyboard.press('Escape')
    await card.getByTestId('branch-save').click()
    await p().locator('.el-message', { hasText: '党支部已关联' }).waitFor()
    await card.getByTestId('grid-branches').locator('.el-tag', { hasText: name }).waitFor()
    await p().waitForTimeout(300)
    await shot('24b-community-branches')
    const grids = (await (await p().request.get(`${base}/api/v1/grids?region=${VILLAGE.code}`)).json()).items
    const profile = await (await p().request.get(`${base}/api/v1/grids/${grids[0].code}`)).json()
    const linked = profile.party_branches.find((b) => b.name === name)
    expect(linked?.linked_to === 'village', `the grid shows the community's new branch: ${JSON.stringify(profile.party_branches)}`)
  })

  await step('team page: create a member', async () => {
    await openMenu('teams')
    await tableRows('team-table', 3)
    await shot('25-teams')
    const name = `测试${String(Date.now() % 10000).padStart(4, '0')}`
    await p().getByTestId('member-create').click()
    const form = p().getByTestId('member-form')
    await form.waitFor()
    await p().getByTestId('member-save').click()
    await form.locator('.el-form-item__error').first().waitFor()
    await p().getByTestId('member-type').click()
    await p().locator('.el-select-dropdown__item:visible', { hasText: '志愿者' }).first().click()
    await form.locator('input[name=name]').fill(name)
    await form.locator('input[name=phone]').fill(`136${String(Date.now()).slice(-8)}`)
    await p().getByTestId('member-grids').click()
    await p().locator('.el-select-dropdown__item:visible', { hasText: '东大街社区第1网格' }).first().click()
    await p().keyboard.press('Escape')
    await p().waitForTimeout(300)
    await shot('26-team-create')
    await p().getByTestId('member-save').click()
    await form.waitFor({ state: 'hidden' })
    await p().locator('input[name=q]').fill(name)
    await p().getByTestId('team-search').click()
    const row = p().locator('[data-testid=team-table] tbody tr', { hasText: name }).first()
    await row.waitFor()
    const text = await row.innerText()
    expect(text.includes('志愿者') && text.includes('东大街社区第1网格') && text.includes('****'), `the new row: ${text}`)
    await shot('27-team-created')
    await logout()
  })

  await step('grid worker: their grid only, read-only', async () => {
    await newSession()
    await login('grid')
    await openMenu('grid-map')
    const paths = await polygons(1)
    expect((await paths.count()) === 1, 'one grid')
    await p().waitForTimeout(500)
    expect((await p().getByTestId('grid-import').count()) === 0, 'no import for a grid worker')
    await paths.first().click({ force: true })
    await p().getByTestId('grid-teams').waitFor()
    expect((await p().getByTestId('grid-edit-boundary').count()) === 0, 'no boundary editing for a grid worker')
    await p().waitForTimeout(400)
    await shot('28-grid-worker-map')
    await p().keyboard.press('Escape') // the drawer covers the user menu
    await p().getByTestId('grid-profile').waitFor({ state: 'hidden' })
    await logout()
  })
}
