import { describe, expect, it } from 'vitest'
import { MaxVertices, polygonOf, type LngLat } from './draw'

describe('polygonOf', () => {
  it('closes the ring and rounds to a decimetre', () => {
    const p = polygonOf([
      [112.7000001, 38.4],
      [112.71, 38.4],
      [112.71, 38.41],
    ])
    expect(p?.coordinates[0]).toEqual([
      [112.7, 38.4],
      [112.71, 38.4],
      [112.71, 38.41],
      [112.7, 38.4],
    ])
  })
  it('drops repeated clicks and a closing click', () => {
    const p = polygonOf([
      [1, 1],
      [1, 1],
      [2, 1],
      [2, 2],
      [1, 1],
    ])
    expect(p?.coordinates[0]).toHaveLength(4)
  })
  it('refuses fewer than three corners or too many', () => {
    expect(polygonOf([[1, 1], [2, 2]])).toBeNull()
    const many: LngLat[] = Array.from({ length: MaxVertices + 1 }, (_, i) => [i, i * i])
    expect(polygonOf(many)).toBeNull()
  })
})
