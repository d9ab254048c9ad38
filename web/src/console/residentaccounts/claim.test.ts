import { describe, expect, it } from 'vitest'
import { accountQuery, verdict } from './claim'

const match = { resident_id: 'r1', name: '孙八', id_number: '140902********1234', grid_name: '东大街社区第一网格' }

describe('verdict', () => {
  it('has nothing to say of an account without a claim waiting', () => {
    expect(verdict({ binding: 'linked', claim_name: '孙八', match })).toBeNull()
    expect(verdict({ binding: 'rejected', reason: 'name', claim_name: '孙小八' })).toBeNull()
  })

  it('weighs a wrong name against the record, which may be confirmed', () => {
    expect(verdict({ binding: 'claimed', reason: 'name', claim_name: '孙小八', match })).toEqual({
      key: 'name',
      sameName: false,
      canConfirm: true,
    })
  })

  it('sees the same name on an ID linked to another account, and warns', () => {
    expect(verdict({ binding: 'claimed', reason: 'taken', claim_name: ' 孙八 ', match })).toEqual({
      key: 'taken',
      sameName: true,
      canConfirm: true,
    })
  })

  it('cannot confirm without a record in the caller’s area', () => {
    expect(verdict({ binding: 'claimed', reason: 'no_record', claim_name: '赵六' })).toEqual({
      key: 'noRecord',
      sameName: false,
      canConfirm: false,
    })
    expect(verdict({ binding: 'claimed', reason: 'name', claim_name: '孙小八' })?.key).toBe('outOfScope')
  })
})

describe('accountQuery', () => {
  it('leaves empty filters out and trims the search', () => {
    expect(accountQuery({ binding: '', status: '', q: '  ' })).toEqual({ binding: undefined, status: undefined, q: undefined })
    expect(accountQuery({ binding: 'claimed', status: 'active', q: ' 13800000001 ' })).toEqual({
      binding: 'claimed',
      status: 'active',
      q: '13800000001',
    })
  })
})
