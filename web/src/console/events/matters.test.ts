import { describe, expect, it } from 'vitest'
import { flattenMatters, matterOptions } from './matters'
import type { MatterNode } from './types'

const matter = (code: string, enabled = true) => ({ code, name: `事项${code}`, enabled }) as NonNullable<MatterNode['matters']>[number]

const tree = [
  {
    code: 'GGWS',
    name: '公共卫生',
    matters: [],
    children: [
      { code: 'CRB', name: '传染病', children: [], matters: [matter('CRB-01'), matter('CRB-02', false)] },
      { code: 'EMPTY', name: '空类别', children: [], matters: [matter('X-01', false)] },
    ],
  },
] as unknown as MatterNode[]

describe('matter options', () => {
  it('nest categories over their matters', () => {
    expect(matterOptions(tree)).toEqual([
      {
        value: 'category:GGWS',
        label: '公共卫生',
        children: [
          {
            value: 'category:CRB',
            label: '传染病',
            children: [
              { value: 'CRB-01', label: '事项CRB-01' },
              { value: 'CRB-02', label: '事项CRB-02' },
            ],
          },
          { value: 'category:EMPTY', label: '空类别', children: [{ value: 'X-01', label: '事项X-01' }] },
        ],
      },
    ])
  })

  it('offer only enabled matters for new reports, dropping emptied categories', () => {
    expect(matterOptions(tree, true)).toEqual([
      {
        value: 'category:GGWS',
        label: '公共卫生',
        children: [{ value: 'category:CRB', label: '传染病', children: [{ value: 'CRB-01', label: '事项CRB-01' }] }],
      },
    ])
  })

  it('flatten to every matter', () => {
    expect(flattenMatters(tree).map((m) => m.code)).toEqual(['CRB-01', 'CRB-02', 'X-01'])
  })
})
