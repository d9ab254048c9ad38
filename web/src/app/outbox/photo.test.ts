import { describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { MAX_SIDE, MIN_SIDE, compressPhoto, firstTry, fitSize, nextTry, type Try } from './photo'

describe('photo sizes', () => {
  it('scales the long side to 1920 px and keeps the shape', () => {
    expect(fitSize(4000, 3000)).toEqual({ width: 1920, height: 1440 })
    expect(fitSize(3000, 4000)).toEqual({ width: 1440, height: 1920 })
    expect(fitSize(4032, 3024)).toEqual({ width: 1920, height: 1440 })
    expect(fitSize(9000, 100)).toEqual({ width: 1920, height: 21 })
    expect(fitSize(20000, 1)).toEqual({ width: 1920, height: 1 })
  })

  it('never scales up', () => {
    expect(fitSize(1920, 1080)).toEqual({ width: 1920, height: 1080 })
    expect(fitSize(640, 480)).toEqual({ width: 640, height: 480 })
    expect(firstTry(640, 480)).toEqual({ side: 640, quality: 0.8 })
    expect(firstTry(4000, 3000)).toEqual({ side: MAX_SIDE, quality: 0.8 })
  })

  it('keeps the first encoding when it fits the limit', () => {
    expect(nextTry({ side: 1920, quality: 0.8 }, 600_000, 10 << 20)).toBeUndefined()
    expect(nextTry({ side: 1920, quality: 0.8 }, 1 << 20, 1 << 20)).toBeUndefined()
  })

  it('lowers quality, then size, until it fits', () => {
    const limit = 1 << 20
    // a photo that comes out at 4 MB whatever the quality: the worst case
    const steps: Try[] = []
    let t: Try | undefined = { side: 1920, quality: 0.8 }
    while (t) {
      steps.push(t)
      t = nextTry(t, 4 << 20, limit)
    }
    expect(steps.slice(0, 4).map((s) => s.quality)).toEqual([0.8, 0.7, 0.6, 0.5])
    expect(steps[4].quality).toBe(0.7)
    expect(steps[4].side).toBe(960) // half the side for a quarter of the bytes
    const sides = steps.map((s) => s.side)
    expect(sides.every((s, i) => i === 0 || s <= sides[i - 1])).toBe(true)
    expect(steps.at(-1)!.side).toBe(MIN_SIDE)
    expect(steps.length).toBeLessThan(20)
  })

  it('shrinks at least a tenth when it is barely over', () => {
    expect(nextTry({ side: 1920, quality: 0.5 }, 1_050_000, 1_000_000)).toEqual({ side: 1728, quality: 0.7 })
  })

  it('sends a photo it cannot decode (a HEIC) as it is', async () => {
    setActivePinia(createPinia())
    const heic = new File([new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112, 104, 101, 105, 99])], 'IMG_0001.HEIC', { type: 'image/heic' })
    expect(await compressPhoto(heic)).toBe(heic)
  })
})
