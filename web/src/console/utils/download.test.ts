import { describe, expect, it } from 'vitest'
import { filenameOf } from './download'

describe('filenameOf', () => {
  it('prefers the UTF-8 name', () => {
    expect(filenameOf(`attachment; filename="residents.xlsx"; filename*=UTF-8''%E4%BA%BA%E5%8F%A3.xlsx`, 'x.xlsx')).toBe('人口.xlsx')
  })
  it('reads a plain name', () => {
    expect(filenameOf('attachment; filename="errors-1.xlsx"', 'x.xlsx')).toBe('errors-1.xlsx')
    expect(filenameOf('attachment; filename=errors.xlsx', 'x.xlsx')).toBe('errors.xlsx')
  })
  it('falls back', () => {
    expect(filenameOf(null, 'x.xlsx')).toBe('x.xlsx')
    expect(filenameOf('attachment', 'x.xlsx')).toBe('x.xlsx')
    expect(filenameOf(`attachment; filename*=UTF-8''%E4%ZZ`, 'x.xlsx')).toBe('x.xlsx')
  })
})
