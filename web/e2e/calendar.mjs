// The work calendar walk of the e2e suite (issue 4), as the city admin: the
// seeded 2026 schedule on the month grids (休 on the National Day, 班 on the
// make-up Saturday), a deadline preview across the National Day, then 2027
// entered by hand — a span by shift-click, a lone Saturday "holiday" refused
// by the server and named, fixed, saved. run.mjs calls it with its own helpers.

/** token signs in over the API, for the clean-up the walk needs before it starts. */
async function token(base, password) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  })
  return (await res.json()).token
}

export async function calendarWalk({ base, password, step, shot, expect, newSession, login, openMenu, page }) {
  const p = () => page()
  const cell = (day) => p().locator(`[data-testid=calendar-months] [data-day="${day}"]`)
  const year = async () => Number(await p().getByTestId('calendar-months').getAttribute('data-year'))
  const goTo = async (y) => {
    for (let cur = await year(); cur !== y; cur = await year()) {
      await p().getByTestId(cur > y ? 'calendar-prev' : 'calendar-next').click()
      await p().locator(`[data-testid=calendar-months][data-year="${cur > y ? cur - 1 : cur + 1}"]`).waitFor()
    }
  }
  const edit = async (day, { shift = false, kind, name, snap } = {}) => {
    await cell(day).click({ modifiers: shift ? ['Shift'] : [] })
    const editor = p().getByTestId('day-editor')
    await editor.waitFor()
    if (kind) await editor.getByTestId('day-kind').getByText(kind).click()
    if (name) {
      await editor.getByTestId('day-name').click()
      await p().keyboard.type(name)
      await p().keyboard.press('Enter')
    }
    if (snap) await shot(snap)
    await editor.getByTestId('day-apply').click()
    await editor.waitFor({ state: 'hidden' })
  }

  await step('calendar: the 2026 schedule on the month grids', async () => {
    // a rerun against the same server starts 2027 from nothing again
    const res = await fetch(`${base}/api/v1/calendar/2027`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await token(base, password)}` },
      body: JSON.stringify({ days: [] }),
    })
    expect(res.ok, `2027 cleared: ${res.status}`)
    await newSession()
    await login('admin')
    await openMenu('calendar')
    await p().getByTestId('calendar-months').waitFor()
    await goTo(2026)
    await cell('2026-10-01').getByText('国庆节').waitFor()
    expect((await cell('2026-10-01').getAttribute('class')).includes('is-holiday'), 'Oct 1 is a holiday')
    expect((await cell('2026-10-10').innerText()).includes('班'), 'Oct 10 is a make-up workday')
    expect((await cell('2026-10-11').getAttribute('class')).includes('is-weekend'), 'Oct 11 is a plain Sunday')
    const stats = await p().getByTestId('calendar-stats').innerText()
    expect(stats.includes('248'), `2026 has 248 working days: ${stats}`)
    const schedule = await p().getByTestId('calendar-schedule').innerText()
    expect(schedule.includes('春节') && schedule.includes('9 天'), `the schedule lists 春节's nine days: ${schedule}`)
    await shot('c1-calendar-2026')
  })

  await step('calendar: a deadline preview across the National Day', async () => {
    const box = p().getByTestId('deadline-preview')
    const from = box.locator('.el-date-editor input')
    await from.fill('2026-09-30 10:00')
    await from.press('Enter')
    await box.getByTestId('deadline-amount').locator('input').fill('1')
    await box.getByTestId('deadline-compute').click()
    const result = box.getByTestId('deadline-result')
    await result.getByText('2026-10-08 17:30').waitFor()
    expect((await cell('2026-10-08').getAttribute('class')).includes('is-deadline'), 'the deadline day is marked')
    await cell('2026-10-08').scrollIntoViewIfNeeded()
    await shot('c2-calendar-deadline')
  })

  await step('calendar: enter 2027, a refused row is named, fix and save', async () => {
    await goTo(2027)
    await p().getByTestId('calendar-schedule').getByText('尚未录入').waitFor()
    await edit('2027-01-01', { name: '元旦' })
    await edit('2027-01-03', { shift: true, snap: 'c3-calendar-span' }) // Jan 1–3, the editor keeps 元旦
    await edit('2027-02-20', { kind: '调休上班', name: '春节' })
    await edit('2027-03-06', { kind: '放假', name: '植树' }) // a lone Saturday: the server refuses it
    await p().getByTestId('calendar-dirty').waitFor()
    await p().getByTestId('calendar-save').click()
    const errors = p().getByTestId('calendar-errors')
    await errors.waitFor()
    const text = await errors.innerText()
    expect(text.includes('2027-03-06') && text.includes('植树'), `the refused day is named: ${text}`)
    expect((await cell('2027-03-06').getAttribute('class')).includes('is-error'), 'the refused day is marked')
    await cell('2027-03-06').scrollIntoViewIfNeeded()
    await shot('c4-calendar-refused')
    await edit('2027-03-06', { kind: '按周末规则' })
    await p().getByTestId('calendar-save').click()
    await p().getByTestId('calendar-dirty').waitFor({ state: 'hidden' })
    const stats = await p().getByTestId('calendar-stats').innerText()
    expect(stats.includes('261'), `2027: 261 weekdays − Friday Jan 1 + Saturday Feb 20: ${stats}`)
    const saved = await (await p().request.get(`${base}/api/v1/calendar?year=2027`)).json()
    expect(saved.days?.length === 4, `2027 saved with 4 days: ${JSON.stringify(saved.days)}`)
    await p().getByTestId('calendar-stats').scrollIntoViewIfNeeded()
    await shot('c5-calendar-2027')
  })
}
