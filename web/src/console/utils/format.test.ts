import { describe, expect, it } from 'vitest'
import { formatTime, isMobile, maskIdNumber, maskPhone } from './format'
import { passwordProblems } from './password'
import { trimCode } from '../stores/region'
import { ancestorsOf, boundsCenter } from './regions'

describe('formatTime', () => {
  it('shows UTC times in Asia/Shanghai', () => {
    expect(formatTime('2026-11-23T16:05:09Z')).toBe('2026-11-24 00:05:09')
    expect(formatTime('2026-01-02T03:04:05+08:00')).toBe('2026-01-02 03:04:05')
  })
  it('shows nothing for no time', () => {
    expect(formatTime(null)).toBe('')
    expect(formatTime('')).toBe('')
    expect(formatTime('garbage')).toBe('')
    expect(formatTime('0001-01-01T00:00:00Z')).toBe('')
  })
})

describe('masking', () => {
  it('masks a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('138****5678')).toBe('138****5678')
    expect(maskPhone('0350-1234567')).toBe('********4567')
    expect(maskPhone('')).toBe('')
  })
  it('masks an ID number', () => {
    expect(maskIdNumber('14090219900101123X')).toBe('140902********123X')
    expect(maskIdNumber('140902********1234')).toBe('140902********1234')
  })
  it('checks mobiles', () => {
    expect(isMobile('13800000001')).toBe(true)
    expect(isMobile('12800000001')).toBe(false)
    expect(isMobile('1380000000')).toBe(false)
  })
})

describe('passwordProblems', () => {
  // the server's policy, as GET /meta gives it
  const policy = { password_min_length: 8, password_classes: 3 }
  it('accepts 8+ characters of 3 classes', () => {
    expect(passwordProblems('Demo@2026', policy)).toEqual([])
    expect(passwordProblems('abcdef12X', policy)).toEqual([])
  })
  it('names what is missing', () => {
    expect(passwordProblems('Ab1!', policy)).toEqual(['policy.length'])
    expect(passwordProblems('abcdefgh1', policy)).toEqual(['policy.classes'])
    expect(passwordProblems('short', policy)).toEqual(['policy.length', 'policy.classes'])
  })
  it('leaves the password to the server when the policy is unknown', () => {
    expect(passwordProblems('short')).toEqual([])
  })
})

describe('trimCode', () => {
  it('gives the prefix of a subtree', () => {
    expect(trimCode('140900000000')).toBe('1409')
    expect(trimCode('140902000000')).toBe('140902')
    expect(trimCode('140902001000')).toBe('140902001')
    expect(trimCode('140902001002')).toBe('140902001002')
    expect(trimCode('140902001002001')).toBe('140902001002001')
  })
})

describe('boundsCenter', () => {
  it('is the middle of the bounding box', () => {
    const poly = { type: 'Polygon', coordinates: [[[112, 38], [114, 38], [114, 40], [112, 40], [112, 38]]] }
    expect(boundsCenter(poly)).toEqual({ lng: 113, lat: 39 })
    const multi = { type: 'MultiPolygon', coordinates: [[[[110, 30], [111, 30], [111, 31], [110, 30]]], [[[115, 35], [116, 35], [116, 36], [115, 35]]]] }
    expect(boundsCenter(multi)).toEqual({ lng: 113, lat: 33 })
    expect(boundsCenter(null)).toBeNull()
  })
})

describe('ancestorsOf', () => {
  it('reads the chain off the code', () => {
    expect(ancestorsOf('140902001002001')).toEqual(['140900000000', '140902000000', '140902001000', '140902001002'])
    expect(ancestorsOf('140902001002')).toEqual(['140900000000', '140902000000', '140902001000'])
    expect(ancestorsOf('140902001000')).toEqual(['140900000000', '140902000000'])
    expect(ancestorsOf('140902000000')).toEqual(['140900000000'])
    expect(ancestorsOf('140900000000')).toEqual([])
  })
})
