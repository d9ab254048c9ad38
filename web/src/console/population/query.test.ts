import { describe, expect, it } from 'vitest'
import { emptyFilters, exportURL, keywordKind, normalizeKeyword, residentQuery } from './query'

describe('keywordKind', () => {
  it('tells names from numbers', () => {
    expect(keywordKind('张')).toBe('name')
    expect(keywordKind('  王小 ')).toBe('name')
    expect(keywordKind('14090219900101123x')).toBe('id_number')
    expect(keywordKind('１４０９０２１９９００１０１１２３２')).toBe('id_number')
    expect(keywordKind('138 0000 0001')).toBe('phone')
    expect(keywordKind('+86 13800000001')).toBe('phone')
    expect(keywordKind('1380000')).toBe('name')
  })
  it('normalises numbers for the exact look-up', () => {
    expect(normalizeKeyword(' 14090219900101123x ')).toBe('14090219900101123X')
    expect(normalizeKeyword('138-0000-0001')).toBe('13800000001')
    expect(normalizeKeyword('+8613800000001')).toBe('13800000001')
    expect(normalizeKeyword(' 张 ')).toBe('张')
  })
})

describe('residentQuery', () => {
  it('leaves out what is empty', () => {
    expect(residentQuery(emptyFilters())).toEqual({})
    expect(residentQuery(emptyFilters(), '140902000000')).toEqual({ region: '140902000000' })
  })
  it('maps every field', () => {
    expect(
      residentQuery(
        { q: ' 李 ', grid: '140902001002001', tag: 'elderly_65', ageMin: 60, ageMax: 80, residenceType: 'registered', status: 'active' },
        '140902001000',
      ),
    ).toEqual({
      q: '李',
      region: '140902001000',
      grid: '140902001002001',
      tag: 'elderly_65',
      age_min: '60',
      age_max: '80',
      residence_type: 'registered',
      status: 'active',
    })
  })
  it('puts an age range right', () => {
    expect(residentQuery({ ...emptyFilters(), ageMin: 80, ageMax: 60 })).toEqual({ age_min: '60', age_max: '80' })
    expect(residentQuery({ ...emptyFilters(), ageMin: 0 })).toEqual({ age_min: '0' })
    expect(residentQuery({ ...emptyFilters(), ageMin: -1, ageMax: 12.7 })).toEqual({ age_max: '12' })
    expect(residentQuery({ ...emptyFilters(), ageMin: Number.NaN })).toEqual({})
  })
  it('builds the export URL from the same filters', () => {
    expect(exportURL({ ...emptyFilters(), q: '王', tag: 'diabetes' }, '140902000000')).toBe(
      '/api/v1/residents/export?q=%E7%8E%8B&region=140902000000&tag=diabetes',
    )
  })
})
