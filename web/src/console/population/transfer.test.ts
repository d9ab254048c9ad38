import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import { isScopeRefusal } from './transfer'
import { emptyFilters, unmaskedExportURL } from './query'

describe('isScopeRefusal', () => {
  it('knows the refusal for scope by its words', () => {
    const detail = 'resident: 该身份证号不能在本辖区登记，如属人员迁入请提交迁入申请 / cannot be registered here; file a transfer: conflict'
    expect(isScopeRefusal(new ApiError({ status: 409, detail }))).toBe(true)
  })
  it('is not fooled by another conflict or another status', () => {
    expect(isScopeRefusal(new ApiError({ status: 409, detail: 'resident: 该身份证号已登记 / a resident with this ID number exists: conflict' }))).toBe(false)
    expect(isScopeRefusal(new ApiError({ status: 422, detail: 'file a transfer' }))).toBe(false)
    expect(isScopeRefusal(new Error('file a transfer'))).toBe(false)
  })
})

describe('unmaskedExportURL', () => {
  it('asks for the unmasked file with the filter and the trimmed reason', () => {
    const f = { ...emptyFilters(), tag: 'hypertension' }
    const url = new URL(unmaskedExportURL(f, '140902000000', ' 入户核查 '), 'http://x')
    expect(url.pathname).toBe('/api/v1/residents/export')
    expect(url.searchParams.get('unmasked')).toBe('true')
    expect(url.searchParams.get('reason')).toBe('入户核查')
    expect(url.searchParams.get('tag')).toBe('hypertension')
    expect(url.searchParams.get('region')).toBe('140902000000')
  })
})
