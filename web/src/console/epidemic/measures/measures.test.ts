import { describe, expect, it } from 'vitest'
import { changeBody, symptomList } from './measures'

describe('changeBody', () => {
  const f = { reason: '  新的暴露 ', exposure_date: '2026-11-25', kind: 'home_isolation' }
  it('sends what each change needs', () => {
    expect(changeBody('extend', f)).toEqual({ reason: '新的暴露', exposure_date: '2026-11-25' })
    expect(changeBody('change', f)).toEqual({ reason: '新的暴露', kind: 'home_isolation' })
    expect(changeBody('release', f)).toEqual({ reason: '新的暴露' })
  })
})

describe('symptomList', () => {
  it('splits on either comma and 、, dropping blanks', () => {
    expect(symptomList('咳嗽，乏力、 咽痛,, ')).toEqual(['咳嗽', '乏力', '咽痛'])
    expect(symptomList('')).toEqual([])
  })
})
