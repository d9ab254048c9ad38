import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import { localPart, problemsOf } from './messages'

describe('server messages', () => {
  it('picks the part for the language', () => {
    const m = '与网格 第2网格 重叠 / overlaps grid 第2网格'
    expect(localPart(m, 'zh-CN')).toBe('与网格 第2网格 重叠')
    expect(localPart(m, 'en')).toBe('overlaps grid 第2网格')
    expect(localPart('超出所属村/社区边界', 'en')).toBe('超出所属村/社区边界')
  })

  it('locates the problems of a 422', () => {
    const err = new ApiError({
      status: 422,
      errors: [
        { location: 'body.geometry', message: '边界无效 / invalid' },
        { location: 'body.features[12].properties.code', message: '缺少网格编码 / no code' },
      ],
    })
    expect(problemsOf(err, 'zh-CN')).toEqual([
      { location: 'body.geometry', message: '边界无效', feature: undefined },
      { location: 'body.features[12].properties.code', message: '缺少网格编码', feature: 12 },
    ])
    expect(problemsOf(new Error('x'), 'zh-CN')).toEqual([])
  })
})
