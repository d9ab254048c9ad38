import { describe, expect, it } from 'vitest'
import type { SignalDetail } from '@/api/types'
import { levelStyle, seriesOption } from './signal'

const detail = {
  id: 's1',
  date: '2026-12-06',
  level: 'yellow',
  series: [
    { date: '2026-12-05', count: 0 },
    { date: '2026-12-06', count: 5, mean: 0.2857142857, upper: 1.7857142857 },
  ],
} as unknown as SignalDetail

describe('seriesOption', () => {
  it('draws the counts, the baseline and the bound, the signal day in its colour', () => {
    const o = seriesOption(detail, { count: 'n', mean: 'm', upper: 'u' }) as { series: { data: unknown[] }[]; xAxis: { data: string[] } }
    expect(o.xAxis.data).toEqual(['12-05', '12-06'])
    expect(o.series[0].data[1]).toEqual({ value: 5, itemStyle: { color: '#e6b800' } })
    expect(o.series[1].data).toEqual([null, 0.29])
    expect(o.series[2].data).toEqual([null, 1.79])
  })
  it('writes dark on yellow, white on the others', () => {
    expect(levelStyle('yellow').color).toBe('#3d3100')
    expect(levelStyle('red').color).toBe('#fff')
  })
})
