import { describe, expect, it } from 'vitest'
import { chainOption, dayOf, mainCategory, positions } from './graph'
import type { ChainGraph, ChainNode } from './types'

const node = (key: string, generation: number, day: string, category = 'close_contact', onset = ''): ChainNode =>
  ({ key, generation, day, category, onset, region: '140902', in_scope: true }) as ChainNode

const labels = { category: (c: string) => c, generation: (n: number) => `第${n + 1}代`, masked: '辖区外' }

describe('chain layouts', () => {
  const nodes = [node('a', 0, '2026-11-01', 'confirmed', '2026-10-30'), node('b', 1, '2026-11-01'), node('c', 1, '2026-11-03'), node('d', 2, '2026-11-05')]

  it('puts a generation on a row, centred', () => {
    const p = positions(nodes, 'hierarchy')
    expect(p.get('a')).toMatchObject({ x: 0, y: 0 })
    expect(p.get('b')!.y).toBe(110)
    expect(p.get('c')!.y).toBe(110)
    expect(p.get('b')!.x! + p.get('c')!.x!).toBe(0)
    expect(p.get('d')!.y).toBe(220)
  })

  it('puts a day in a column from the first onset', () => {
    const p = positions(nodes, 'timeline')
    expect(dayOf(nodes[0])).toBe('2026-10-30')
    expect(p.get('a')!.x).toBe(0)
    expect(p.get('b')!.x).toBe(2 * 90)
    expect(p.get('d')!.x).toBe(6 * 90)
    expect(p.get('d')!.y).toBe(2 * 120)
  })

  it('lets the force layout place nodes itself', () => {
    expect(positions(nodes, 'force').size).toBe(0)
  })

  it('draws groups of a large chain, sized by persons', () => {
    const g = {
      chain: {},
      grouped: 'generation',
      limit: 1000,
      nodes: [],
      edges: [],
      groups: [
        { key: 'g0', generation: 0, size: 1, categories: { confirmed: 1 } },
        { key: 'g1', generation: 1, size: 4000, categories: { close_contact: 3000, confirmed: 1000 } },
      ],
      group_edges: [{ source: 'g0', target: 'g1', count: 4000 }],
    } as unknown as ChainGraph
    expect(mainCategory(g.groups![1])).toBe('close_contact')
    const o = chainOption(g, 'hierarchy', labels) as { series: { data: { name: string; symbolSize: number }[] }[] }
    expect(o.series[0].data[1].name).toBe('第2代 · 4000')
    expect(o.series[0].data[1].symbolSize).toBe(80)
  })
})
