// The partner API key walk of the e2e suite (issue 4), as the city admin:
// 合作系统密钥 issues a key for 忻府区 and shows its secret once; a hotline
// files an Open311 request with it (fetch, form-encoded, as the spec sends
// it) at a point inside a grid of 东大街社区 and tracks it; the event shows
// in the console's list with source open311; the key is revoked from the
// table and the next call with it is refused. run.mjs calls it with its
// own helpers.

const VILLAGE = '140902001002' // 东大街社区, 秀容街道, 忻府区

export async function apiKeyWalk({ base, step, shot, expect, newSession, login, openMenu, page }) {
  const p = () => page()
  const name = `E2E 12345热线 ${Date.now() % 100000}`
  let secret = ''
  let number = ''

  await step('api keys: the admin page', async () => {
    await newSession()
    await login('admin')
    await openMenu('api-keys')
    await p().getByTestId('apikeys-table').waitFor()
    await shot('k1-apikeys')
  })

  await step('api keys: issue one for 忻府区 and see the secret once', async () => {
    await p().getByTestId('apikey-create').click()
    const form = p().getByTestId('apikey-form')
    await form.waitFor()
    await form.locator('input[name=name]').fill(name)
    await form.locator('.region-picker').click()
    const node = (name) => p().locator('.el-tree-select__popper:visible .el-tree-node__content', { hasText: name }).first()
    await node('忻州市').locator('.el-tree-node__expand-icon').click()
    await node('忻府区').click()
    await shot('k2-apikey-create')
    await p().getByTestId('apikey-save').click()
    await p().getByTestId('apikey-secret').waitFor()
    secret = (await p().getByTestId('apikey-secret').innerText()).trim()
    expect(/^hgk_[A-Za-z0-9_-]{43}$/.test(secret), `a key is shown: ${secret}`)
    await shot('k3-apikey-secret')
    await p().locator('.el-dialog:visible').getByRole('button', { name: '关闭', exact: true }).click()
    const row = p().locator('[data-testid=apikeys-table] tbody tr', { hasText: name }).first()
    await row.waitFor()
    const text = await row.innerText()
    expect(text.includes(secret.slice(0, 12)) && !text.includes(secret) && text.includes('有效'), `the row shows the prefix only: ${text}`)
  })

  await step('api keys: a hotline files an Open311 request with it', async () => {
    const res = await p().request.get(`${base}/api/v1/regions?parent=${VILLAGE}&geometry=true`)
    const grid = (await res.json()).items?.find((r) => r.geometry)
    expect(grid, `${VILLAGE} has grids with boundaries`)
    const ring = grid.geometry.type === 'Polygon' ? grid.geometry.coordinates[0] : grid.geometry.coordinates[0][0]
    const pts = ring.slice(0, -1)
    const lng = pts.reduce((a, q) => a + q[0], 0) / pts.length
    const lat = pts.reduce((a, q) => a + q[1], 0) / pts.length
    const out = await p().evaluate(
      async ({ key, lng, lat }) => {
        const body = new URLSearchParams({ api_key: key, service_code: 'HJWS-01', lat: String(lat), long: String(lng),
          description: '小区门口垃圾堆积多日，无人清运', address_string: '东大街社区北门', first_name: '三', last_name: '张',
          phone: '13912345678' })
        const filed = await fetch('/open311/v2/requests.json', { method: 'POST', body })
        const receipt = await filed.json()
        const id = receipt[0]?.service_request_id
        const tracked = await fetch(`/open311/v2/requests/${id}.json?api_key=${encodeURIComponent(key)}`)
        return { status: filed.status, receipt, tracked: await tracked.json() }
      },
      { key: secret, lng, lat },
    )
    number = out.receipt[0]?.service_request_id ?? ''
    expect(out.status === 201 && number.startsWith('SJ'), `filed: ${out.status} ${JSON.stringify(out.receipt)}`)
    const r = out.tracked[0]
    expect(r?.status === 'open' && r.service_code === 'HJWS-01' && !JSON.stringify(r).includes('13912345678'),
      `tracked: ${JSON.stringify(out.tracked)}`)
  })

  await step('api keys: the request is an event in the console list', async () => {
    await p().goto(`${base}/events?source=open311`)
    const row = p().locator('[data-testid=events-table] tbody tr', { hasText: number }).first()
    await row.waitFor()
    const text = await row.innerText()
    expect(text.includes('小区门口垃圾堆积多日') || text.includes('垃圾'), `the row: ${text}`)
    await shot('k4-open311-event')
  })

  await step('api keys: revoked from the table, the key is refused', async () => {
    await openMenu('api-keys')
    const row = p().locator('[data-testid=apikeys-table] tbody tr', { hasText: name }).first()
    await row.waitFor()
    await row.getByTestId('apikey-revoke').click()
    await p().locator('.el-message-box__btns').getByRole('button', { name: '吊销' }).click()
    await p().locator('[data-testid=apikeys-table] tbody tr', { hasText: name }).getByText('已吊销').first().waitFor()
    const status = await p().evaluate(async (key) => (await fetch(`/open311/v2/requests.json?api_key=${encodeURIComponent(key)}`)).status, secret)
    expect(status === 403, `a revoked key: ${status}`)
    await shot('k5-apikey-revoked')
  })
}
