import { describe, expect, it } from 'vitest'
import { blankCard, cardBody } from './card'

describe('cardBody', () => {
  it('leaves out empty fields and sends the diagnosis to the hour', () => {
    const f = blankCard()
    f.name = '张三'
    f.diagnosed_at = new Date('2026-11-23T09:41:17Z')
    const b = cardBody(f)
    expect(b.name).toBe('张三')
    expect(b.diagnosed_at).toBe('2026-11-23T09:00:00.000Z')
    expect('parent_name' in b).toBe(false)
    expect('age' in b).toBe(false)
    expect(b.report_type).toBe('initial')
  })
})
