import { describe, expect, it } from 'vitest'
import { rankingOption, rankingHeight, stageOption, RANK_WINDOW } from './charts'
import { metricOf, rank, type StatsRow } from './indicators'

function row(key: string, rate: number | null, small = false): StatsRow {
  return { key, name: `区域${key}`, close_rate: rate, small_sample: small, due: small ? 3 : 30, closed: 0 } as StatsRow
}

type Series = { name: string; data: (number | null)[]; itemStyle: { color: string; decal?: object } }

describe('rankingOption', () => {
  const m = metricOf('close_rate')
  const items = rank([row('1', 0.5), row('2', 0.8), row('3', 1, true), row('4', null)], m)
  const o = rankingOption(items, m)
  const series = o.series as Series[]
  const y = o.yAxis as { data: string[] }

  it('draws the groups with a figure, ranked ones numbered, best first', () => {
    expect(y.data).toEqual(['1. 区域2', '2. 区域1', '区域3'])
  })

  it('puts small samples in their own hatched grey series named in the legend', () => {
    expect(series.map((s) => s.name)).toEqual(['结案率', '样本较少'])
    expect(series[0].data).toEqual([80, 50, null])
    expect(series[1].data).toEqual([null, null, 100])
    expect(series[1].itemStyle.decal).toBeTruthy()
    expect(series[0].itemStyle.decal).toBeUndefined()
  })

  it('scrolls a long ranking instead of growing without end', () => {
    const many = rank(
      Array.from({ length: 50 }, (_, i) => row(String(i), i / 50)),
      m,
    )
    expect((rankingOption(many, m).dataZoom as unknown[]).length).toBe(2)
    expect(o.dataZoom).toEqual([])
    expect(rankingHeight(50)).toBe(rankingHeight(RANK_WINDOW))
  })

  it('scores satisfaction out of five', () => {
    const s = metricOf('satisfaction')
    const r = rankingOption(rank([{ ...row('1', null), satisfaction: 4.26 } as StatsRow], s), s)
    expect((r.xAxis as { max: number }).max).toBe(5)
    expect((r.series as Series[])[0].data).toEqual([4.26])
  })
})

describe('stageOption', () => {
  it('counts days on the axis once a stage takes two days', () => {
    const o = stageOption([
      { stage: 'register', n: 10, mean: 1.2, median: 1 },
      { stage: 'handle', n: 10, mean: 72, median: 60 },
    ])
    expect((o.xAxis as { name: string }).name).toBe('天')
    expect((o.series as Series[])[0].data).toEqual([0.05, 3])
    expect((o.yAxis as { data: string[] }).data).toEqual(['受理立案', '部门处置'])
  })

  it('counts hours when every stage is short', () => {
    const o = stageOption([{ stage: 'register', n: 3, mean: 5, median: 4 }])
    expect((o.xAxis as { name: string }).name).toBe('小时')
    expect((o.series as Series[])[1].data).toEqual([4])
  })
})
