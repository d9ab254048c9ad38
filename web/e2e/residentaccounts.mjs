// The 居民账号 walk of the e2e suite (issue 15). Two residents sign up in
// 东大街社区 with the SMS code read from the server's outbox and bind their
// accounts: one by a nickname for a resident the street registers first (a
// claim whose name differs from the record), one by an ID number on no
// record. The street's region admin finds each by phone, confirms the first
// beside its population record, rejects the second (which cannot be
// confirmed) and disables that account after being asked. Screenshots at
// 1440 and 390 px. run.mjs calls it with its own helpers.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { withCheck } from './population.mjs'

const VILLAGE = '140902001002' // 东大街社区
const GRID = '140902001002001' // its first grid

async function call(base, method, path, token, data) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: data === undefined ? undefined : JSON.stringify(data),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return res.json()
}

/** smsCode is the last code the server's outbox holds for a phone (the demo's file sender). */
async function smsCode(phone) {
  const file = join(process.env.HEALTHGRID_DATA ?? '', 'sms-outbox.log')
  for (let i = 0; i < 50; i++) {
    const lines = (await readFile(file, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean)
    const last = lines.map((l) => JSON.parse(l)).filter((m) => m.phone === phone).pop()
    const code = last?.text.match(/验证码是(\d{6})/)?.[1]
    if (code) return code
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`no SMS code for ${phone} in ${file}`)
}

/** signUp registers a resident of 东大街社区 through the SMS code and answers its token. */
async function signUp(base, phone, name) {
  await call(base, 'POST', '/api/v1/auth/sms/send', '', { phone, purpose: 'register' })
  const r = await call(base, 'POST', '/api/v1/public/register', '', { phone, code: await smsCode(phone), name, region_code: VILLAGE })
  return r.token
}

export async function residentAccountsWalk({ base, password, step, shot, expect, newSession, login, openMenu, page }) {
  const p = () => page()
  const stamp = String(Date.now() % 100_000_000).padStart(8, '0')
  const n = Number(stamp.slice(-5))
  const record = { name: `测${stamp.slice(-5)}华`, id: withCheck(`1409021958${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`) }
  const a = { phone: `139${stamp}`, claim: `测${stamp.slice(-5)}小华` }
  const b = { phone: `137${stamp}`, claim: `测${stamp.slice(-5)}六`, id: withCheck(`1409021962${String(1 + (n % 12)).padStart(2, '0')}15${String((n + 1) % 1000).padStart(3, '0')}`) }

  async function shots(name) {
    await shot(`${name}-1440`)
    await p().setViewportSize({ width: 390, height: 844 })
    await shot(`${name}-390`)
    await p().setViewportSize({ width: 1440, height: 900 })
  }

  /** row finds an account by its whole phone through the screen's search */
  async function row(phone) {
    const q = p().getByTestId('resident-account-q')
    await q.fill(phone)
    await q.press('Enter')
    // the row of that phone, not the first row of the list before the search answers
    const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`
    const r = p().locator('[data-testid=resident-accounts-table] tbody tr', { hasText: masked }).first()
    await r.waitFor()
    return r
  }

  await step('resident accounts: two residents sign up and claim', async () => {
    const street = (await call(base, 'POST', '/api/v1/auth/login', '', { username: 'street', password })).token
    await call(base, 'POST', '/api/v1/residents', street, { name: record.name, id_number: record.id, grid_code: GRID })
    for (const [who, name, id] of [[a, a.claim, record.id], [b, b.claim, b.id]]) {
      const token = await signUp(base, who.phone, '小华')
      const r = await call(base, 'POST', '/api/v1/public/me/bind', token, { name, id_number: id })
      expect(r.status === 'claimed', `${name}'s binding is a claim: ${JSON.stringify(r)}`)
    }
  })

  await step('resident accounts: the street admin confirms a claim beside its record', async () => {
    await newSession()
    await login('street')
    await openMenu('resident-accounts')
    await p().locator('[data-testid=resident-accounts-table] tbody tr').first().waitFor()
    await shots('r1-resident-accounts-region_admin')
    const r = await row(a.phone)
    expect((await r.innerText()).includes(record.name), `the claim shows the record's name: ${await r.innerText()}`)
    await r.getByTestId('resident-account-check').click()
    const compare = p().getByTestId('claim-compare')
    await compare.waitFor()
    expect((await p().getByTestId('claim-record-name').innerText()).includes(record.name), 'the dialog sets the record beside the claim')
    await p().getByTestId('claim-note').fill('入户核实，注册时使用小名')
    await shots('r2-claim-check-region_admin')
    await p().getByTestId('claim-confirm').click()
    await compare.waitFor({ state: 'hidden' })
    await (await row(a.phone)).locator('[data-status=linked]').waitFor()
  })

  await step('resident accounts: a claim with no record is rejected, the account disabled', async () => {
    const r = await row(b.phone)
    await r.getByTestId('resident-account-check').click()
    await p().getByTestId('claim-verdict').waitFor()
    expect(await p().getByTestId('claim-confirm').isDisabled(), 'no record in scope: confirming is off')
    await p().getByTestId('claim-note').fill('身份证号有误，请重新认证')
    await p().getByTestId('claim-reject').click()
    await p().getByTestId('claim-compare').waitFor({ state: 'hidden' })
    const again = await row(b.phone)
    await again.locator('[data-status=rejected]').waitFor()
    await again.getByTestId('resident-account-disable').click()
    await p().locator('.el-message-box:visible').waitFor()
    await shots('r3-disable-confirm-region_admin')
    await p().locator('.el-message-box:visible .el-button--primary').click()
    await p().locator('.el-message-box').waitFor({ state: 'hidden' })
    await (await row(b.phone)).locator('[data-status=disabled]').waitFor()
    await shots('r4-resident-accounts-done-region_admin')
  })
}
