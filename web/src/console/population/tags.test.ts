import { describe, expect, it } from 'vitest'
import { TAG_PALETTE, tagColor } from './tags'

describe('tagColor', () => {
  const order = ['elderly_65', 'elderly_alone', 'disabled']
  it('follows the dictionary order, so neighbours differ', () => {
    expect(tagColor('elderly_65', order)).toBe(TAG_PALETTE[0])
    expect(tagColor('disabled', order)).toBe(TAG_PALETTE[2])
  })
  it('gives an unknown code a stable colour of the palette', () => {
    const c = tagColor('something_new', order)
    expect(TAG_PALETTE).toContain(c)
    expect(tagColor('something_new', [])).toBe(c)
  })
})
