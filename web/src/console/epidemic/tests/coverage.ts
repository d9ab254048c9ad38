// The coverage view's logic: the window's query, the rate as shown, and the
// breadcrumb of the regions drilled into.

export interface Crumb {
  code: string
  name: string
}

/** windowQuery is the from/to of a date range, none when it is empty. */
export function windowQuery(range: [string, string] | null | undefined): { from?: string; to?: string } {
  return range && range[0] && range[1] ? { from: range[0], to: range[1] } : {}
}

/** percent shows a 0..1 rate as a percentage with one decimal. */
export function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}

/** drill is the trail after opening r: cut back to r if it is on the trail, else r added. */
export function drill(trail: Crumb[], r: Crumb): Crumb[] {
  const i = trail.findIndex((c) => c.code === r.code)
  return i >= 0 ? trail.slice(0, i + 1) : [...trail, r]
}

/** isGrid tells a grid's code (15 digits) from a region's (12). */
export function isGrid(code: string): boolean {
  return /^\d{15}$/.test(code)
}

/** today is the date in Beijing, YYYY-MM-DD: the window the server takes when none is given. */
export function today(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}
