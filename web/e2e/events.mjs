// The event workflow walk of the e2e suite (issue 4), by three demo users:
// the grid worker reports a 传染病疫情线索 (CRB-01) by clicking the map inside
// his grid; the 秀容街道 centre registers it and dispatches it to 忻府区疾控中心
// (the matter's suggested lead); the CDC finds it in 我的待办, signs for it
// and reports back with a photo of the work done, which the case's detail
// then shows; the grid worker verifies and rates it five stars.
// run.mjs calls it with its own helpers.
import { crc32, deflateSync } from 'node:zlib'

/** photo is a small PNG made here: a 160×120 picture of a green field with a white cross. */
function photo() {
  const w = 160
  const h = 120
  const raw = Buffer.alloc((w * 3 + 1) * h)
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0 // no filter
    for (let x = 0; x < w; x++) {
      const cross = Math.abs(x - w / 2) < 8 || Math.abs(y - h / 2) < 8
      raw.set(cross ? [255, 255, 255] : [46, 139, 87 + Math.round((y / h) * 60)], y * (w * 3 + 1) + 1 + x * 3)
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])))
    return Buffer.concat([len, Buffer.from(type), data, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8 bits, RGB
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

/** dialog is the open action dialog. */
function dialog(page) {
  return page.locator('[data-testid=action-dialog]:visible')
}

/** act takes an action from the detail page's (or an inbox row's) buttons through its dialog. */
async function act(scope, page, action, { comment, shot, files } = {}) {
  await scope.getByTestId(`action-${action}`).click()
  const d = dialog(page)
  await d.waitFor()
  if (comment) await d.getByTestId('action-comment').fill(comment)
  if (files) {
    await d.locator('[data-testid=attachment-upload] input[type=file]').setInputFiles(files)
    await d.locator('[data-testid=attachment-thumb][data-status=success]').nth(files.length - 1).waitFor()
  }
  if (shot) await shot()
  await d.getByTestId('action-submit').click()
  await d.waitFor({ state: 'hidden' })
}

/** inboxRow finds the case in 我的待办, paging on: older overdue work comes first. */
async function inboxRow(page, number) {
  for (let i = 0; i < 10; i++) {
    const row = page.locator('[data-testid=inbox-row]', { hasText: number })
    if (await row.count()) return row
    const next = page.locator('.pager .btn-next')
    if (!(await next.count()) || (await next.isDisabled())) break
    await next.click()
    await page.waitForTimeout(600)
  }
  throw new Error(`${number} is not in 我的待办`)
}

async function statusIs(page, label) {
  await page.locator('[data-testid=event-header] .el-tag', { hasText: label }).first().waitFor()
}

export async function eventWalk({ step, shot, expect, newSession, login, logout, page }) {
  let eventUrl = ''
  let number = ''

  await step('grid: report a 传染病疫情线索 by clicking the map inside the grid', async () => {
    await newSession()
    await login('grid')
    await page().getByTestId('menu-event-report').click()
    await page().waitForURL(/\/events\/new/)
    const matter = page().locator('[data-testid=report-form] .matter-cascader')
    await matter.click()
    await matter.locator('input').fill('聚集性发热')
    await page().locator('.matter-cascader-popper .el-cascader__suggestion-item', { hasText: '聚集性发热' }).first().click()
    await page().getByTestId('matter-criteria').waitFor()
    await page().getByTestId('report-title').fill('东大街12号院多名居民发热腹泻')
    await page().getByTestId('report-description').fill('3户居民近两日陆续出现发热、腹泻，其中1名儿童症状较重，疑似聚集性病例。')
    // the map is fitted to the worker's own grid: its middle lies inside it
    const map = page().getByTestId('event-map')
    await map.locator('path').first().waitFor()
    const box = await map.boundingBox()
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } })
    await page().getByTestId('place-grid').getByText('东大街社区第1网格').waitFor()
    await page().getByTestId('report-address').fill('东大街12号院3号楼')
    await shot('e1-report')
    await page().getByTestId('report-submit').click()
    await page().waitForURL(/\/events\/[0-9a-f-]{36}$/)
    eventUrl = page().url()
    number = (await page().getByTestId('event-number').innerText()).trim()
    expect(/^SJ\d{14}$/.test(number), `an event number: ${number}`)
    await statusIs(page(), '待受理')
    await page().getByTestId('event-map').locator('path').first().waitFor()
    await shot('e2-reported')
    await logout()
  })

  await step('street: finds it in the list, keeps a saved view, registers it', async () => {
    await newSession()
    await login('street')
    await page().getByTestId('menu-events').click()
    await page().waitForURL(/\/events$/)
    await page().getByTestId('filter-status').click()
    await page().locator('.el-select-dropdown__item:visible', { hasText: '待受理' }).click()
    await page().getByTestId('event-search').click()
    await page().waitForURL(/status=reported/)
    const row = page().locator('[data-testid=events-table] tbody tr', { hasText: number })
    await row.waitFor()
    await page().getByTestId('save-view').click()
    await page().locator('.el-message-box input').fill('待受理案卷')
    await page().locator('.el-message-box .el-button--primary').click()
    await page().locator('[data-testid=saved-view]', { hasText: '待受理案卷' }).waitFor()
    await shot('e3-list')
    await row.click()
    await page().waitForURL(eventUrl)
    await act(page(), page(), 'register', { comment: '多户发热腹泻，符合立案标准' })
    await statusIs(page(), '已立案')
  })

  await step('street: dispatches it to 忻府区疾控中心, suggested by the matter', async () => {
    await act(page(), page(), 'dispatch', {
      comment: '请疾控中心尽快开展流行病学调查',
      shot: async () => {
        const lead = dialog(page()).getByTestId('action-lead')
        await lead.getByText('忻府区疾病预防控制中心').waitFor()
        await shot('e4-dispatch')
      },
    })
    await statusIs(page(), '处置中')
    await page().locator('[data-testid=event-tasks] tbody tr', { hasText: '疾病预防控制中心' }).getByText('待签收').waitFor()
    await shot('e5-dispatched')
    await logout()
  })

  await step('cdc: finds it in 我的待办, signs for it and reports back with a photo', async () => {
    await newSession()
    await login('cdc')
    await page().getByTestId('menu-event-inbox').click()
    await page().waitForURL(/\/events\/inbox/)
    await page().locator('[data-testid=inbox-row]').first().waitFor()
    await shot('e6-inbox')
    const row = await inboxRow(page(), number)
    await act(row, page(), 'accept')
    await row.getByText('办理中').waitFor()
    // the feedback is required: the dialog says so before asking the server
    await row.getByTestId('action-handle').click()
    await dialog(page()).getByTestId('action-submit').click()
    await dialog(page()).locator('.el-form-item__error').waitFor()
    await page().keyboard.press('Escape')
    await dialog(page()).waitFor({ state: 'hidden' })
    await act(row, page(), 'handle', {
      comment: '已完成流调和采样，3户7人均为诺如病毒感染，已指导环境消毒，密切观察中。',
      files: [{ name: '环境消毒后.png', mimeType: 'image/png', buffer: photo() }],
      shot: () => shot('e7-handle'),
    })
    await row.waitFor({ state: 'detached' })
  })

  await step('cdc: the case shows the photo, in its own section and on the 处置反馈 step', async () => {
    await page().goto(eventUrl)
    const item = page().locator('[data-testid=event-attachments]:not(.small) [data-testid=event-attachment]', { hasText: '环境消毒后.png' })
    await item.waitFor()
    expect((await item.innerText()).includes('处置反馈'), 'the photo names the step it came with')
    const img = item.locator('img')
    await img.waitFor()
    await page().waitForFunction((el) => el.complete && el.naturalWidth === 160, await img.elementHandle())
    const step = page().locator('[data-testid=event-timeline] .el-timeline-item', { hasText: '处置反馈' })
    await step.locator('[data-testid=event-attachments].small img').waitFor()
    await item.scrollIntoViewIfNeeded()
    await shot('e7b-attachments')
    await img.click()
    await page().locator('.el-image-viewer__wrapper').waitFor()
    await shot('e7c-preview')
    await page().keyboard.press('Escape')
    await logout()
  })

  await step('grid: verifies the case and rates it five stars', async () => {
    await newSession()
    await login('grid')
    await page().goto(eventUrl)
    await statusIs(page(), '待核查')
    await act(page(), page(), 'verify', { comment: '现场核查，居民症状好转，环境已消毒' })
    await statusIs(page(), '已结案')
    await act(page(), page(), 'evaluate', {
      comment: '处置及时',
      shot: async () => {
        await dialog(page()).locator('.el-rate__item').nth(4).click()
        await shot('e8-evaluate')
      },
    })
    await statusIs(page(), '已评价')
    const timeline = await page().getByTestId('event-timeline').innerText()
    for (const a of ['上报', '立案', '派遣', '签收', '处置反馈', '核查结案', '评价']) expect(timeline.includes(a), `the timeline shows ${a}`)
    await shot('e9-evaluated')
    await page().getByTestId('event-timeline').scrollIntoViewIfNeeded()
    await shot('e10-timeline')
    await logout()
  })
}
