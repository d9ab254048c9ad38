// A chain's graph as an ECharts option: three layouts of the same nodes —
// force, hierarchical (a row per generation from the first cases) and a
// timeline (a column per day of onset, or of the first exposure without
// one) — coloured by risk category. A large chain comes grouped (by
// generation or grid) from the server; its groups are drawn the same way.
import type { ChartOption } from '../../charts/echarts'
import type { ChainEdge, ChainGraph, ChainGroup, ChainNode } from './types'

export type Layout = 'force' | 'hierarchy' | 'timeline'

/** The category colours, in the module's order of categories. */
export const CATEGORY_COLORS: Record<string, string> = {
  confirmed: '#d03050',
  asymptomatic: '#f0a020',
  close_contact: '#2f80ed',
  secondary_contact: '#18a058',
  risk_area: '#8a5cd1',
  inbound: '#14b8a6',
  fever_clinic: '#e07b39',
  other: '#909399',
}
const CATEGORIES = Object.keys(CATEGORY_COLORS)

/** FORCE_LIMIT is the most persons the force layout is offered for: past it the browser lays out for seconds. */
export const FORCE_LIMIT = 1000

/** The day a node stands at on the timeline: its onset, else its first exposure. */
export function dayOf(n: ChainNode): string {
  return n.onset || n.day
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86400000)
}

/** The main category of a group: the one most of its persons are in. */
export function mainCategory(g: ChainGroup): string {
  let best = 'other'
  let n = -1
  for (const c of CATEGORIES) {
    const k = g.categories[c] ?? 0
    if (k > n) [best, n] = [c, k]
  }
  return best
}

interface Placed {
  id: string
  x?: number
  y?: number
}

/**
 * place lays ids out in rows (hierarchy) or columns (timeline) of keyed
 * bands; in a column, each generation takes its own stretch, so that the
 * timeline reads top-down by generation too.
 */
function place<T extends { key: string; generation: number }>(items: T[], band: (x: T) => number, across: boolean): Placed[] {
  const seen = new Map<string, number>()
  return items.map((it) => {
    const b = band(it)
    const slot = across ? `${b}/${it.generation}` : `${b}`
    const i = seen.get(slot) ?? 0
    seen.set(slot, i + 1)
    return across ? { id: it.key, x: b * 90, y: it.generation * 120 + i * 30 } : { id: it.key, x: i * 46, y: b * 110 }
  })
}

/** centre shifts each band's items so that every row (or column) is centred on 0. */
function centre(p: Placed[], across: boolean): Placed[] {
  if (across) return p
  const width = new Map<number, number>()
  for (const q of p) {
    const band = across ? q.x! : q.y!
    width.set(band, Math.max(width.get(band) ?? 0, across ? q.y! : q.x!))
  }
  return p.map((q) => {
    const w = width.get(across ? q.x! : q.y!) ?? 0
    return across ? { ...q, y: q.y! - w / 2 } : { ...q, x: q.x! - w / 2 }
  })
}

export interface Labels {
  category: (code: string) => string
  generation: (n: number) => string
  masked: string
}

/** positions of the persons for a layout; none for force (ECharts lays it out). */
export function positions(nodes: ChainNode[], layout: Layout): Map<string, Placed> {
  if (layout === 'force') return new Map()
  const first = nodes.reduce((m, n) => (dayOf(n) && (!m || dayOf(n) < m) ? dayOf(n) : m), '')
  const band = layout === 'hierarchy' ? (n: ChainNode) => n.generation : (n: ChainNode) => (first ? daysBetween(first, dayOf(n)) : 0)
  const across = layout === 'timeline'
  return new Map(centre(place(nodes, band, across), across).map((p) => [p.id, p]))
}

/** chainOption is the ECharts option drawing g in layout. */
export function chainOption(g: ChainGraph, layout: Layout, l: Labels): ChartOption {
  const grouped = g.grouped !== 'none'
  const categories = CATEGORIES.map((c) => ({ name: l.category(c), itemStyle: { color: CATEGORY_COLORS[c] } }))
  const idx = (c: string) => Math.max(0, CATEGORIES.indexOf(c))
  let data: object[]
  let links: object[]
  if (grouped) {
    const groups = g.groups ?? []
    const pos = layout === 'force' ? new Map<string, Placed>() : new Map(centre(place(groups, (x) => x.generation, false), false).map((p) => [p.id, p]))
    data = groups.map((x) => ({
      id: x.key,
      name: g.grouped === 'grid' ? `${x.grid} · ${x.size}` : `${l.generation(x.generation)} · ${x.size}`,
      value: x.size,
      category: idx(mainCategory(x)),
      symbolSize: Math.min(80, 14 + Math.sqrt(x.size) * 3),
      ...pos.get(x.key),
    }))
    links = (g.group_edges ?? []).map((e) => ({ source: e.source, target: e.target, value: e.count, lineStyle: { width: Math.min(8, 1 + Math.log2(e.count)) } }))
  } else {
    const nodes = g.nodes ?? []
    const pos = positions(nodes, layout)
    data = nodes.map((n) => ({
      id: n.key,
      name: n.name || `${l.masked} ${n.key}`,
      value: dayOf(n),
      category: idx(n.category),
      symbolSize: n.generation === 0 ? 22 : 14,
      ...pos.get(n.key),
    }))
    links = (g.edges ?? []).map((e: ChainEdge) => ({
      source: e.source,
      target: e.target,
      value: e.date,
      lineStyle: { type: e.certainty === 'confirmed' ? 'solid' : e.certainty === 'probable' ? 'dashed' : 'dotted' },
    }))
  }
  const many = data.length > 300
  const small = data.length < 30
  return {
    tooltip: {},
    legend: [{ data: categories.map((c) => c.name), top: 0 }],
    animation: !many,
    series: [
      {
        type: 'graph',
        layout: layout === 'force' ? 'force' : 'none',
        data,
        links,
        categories,
        roam: true,
        draggable: !many,
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 6,
        label: { show: !many, position: 'right', fontSize: 11 },
        force: { repulsion: many ? 30 : small ? 400 : 120, edgeLength: many ? 20 : small ? 120 : 60, layoutAnimation: !many },
        lineStyle: { color: 'source', opacity: 0.6, curveness: layout === 'force' ? 0 : 0.15 },
        emphasis: { focus: 'adjacency' },
        top: 60,
        bottom: 30,
        left: 40,
        right: 80,
      },
    ],
  } as ChartOption
}
