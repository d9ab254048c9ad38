import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../i18n'
import { LocateError, locate } from './geo'

const PERMISSION_DENIED = 1
const POSITION_UNAVAILABLE = 2
const TIMEOUT = 3

type Answer = { coords: [number, number, number] } | { code: number }

function fakeGeo(answers: Answer[]) {
  const asked: PositionOptions[] = []
  const geo = {
    getCurrentPosition(ok: PositionCallback, fail: PositionErrorCallback, opts: PositionOptions) {
      asked.push(opts)
      const a = answers.shift()!
      if ('coords' in a) {
        const [longitude, latitude, accuracy] = a.coords
        ok({ coords: { longitude, latitude, accuracy } } as GeolocationPosition)
      } else fail({ code: a.code, PERMISSION_DENIED, POSITION_UNAVAILABLE, TIMEOUT, message: '' } as GeolocationPositionError)
    },
  }
  vi.stubGlobal('navigator', { ...navigator, geolocation: geo })
  return asked
}

describe('locate', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('answers the GPS position as lng/lat', async () => {
    const asked = fakeGeo([{ coords: [112.73, 38.42, 8] }])
    expect(await locate()).toEqual({ lng: 112.73, lat: 38.42, accuracy: 8 })
    expect(asked[0]).toMatchObject({ enableHighAccuracy: true, timeout: 10_000 })
  })

  it("falls back to the network's coarser fix when the GPS is slow", async () => {
    const asked = fakeGeo([{ code: TIMEOUT }, { coords: [112.7, 38.4, 900] }])
    expect(await locate({ timeout: 5_000 })).toMatchObject({ accuracy: 900 })
    expect(asked[1]).toMatchObject({ enableHighAccuracy: false, timeout: 5_000 })
  })

  it('says why there is no position, in words', async () => {
    i18n.global.locale.value = 'zh-CN'
    fakeGeo([{ code: PERMISSION_DENIED }])
    const denied = await locate().catch((e: unknown) => e)
    expect(denied).toBeInstanceOf(LocateError)
    expect((denied as LocateError).reason).toBe('denied')
    expect((denied as LocateError).message).toContain('定位权限')
    fakeGeo([{ code: TIMEOUT }, { code: TIMEOUT }])
    await expect(locate()).rejects.toMatchObject({ reason: 'timeout' })
    fakeGeo([{ code: POSITION_UNAVAILABLE }, { code: POSITION_UNAVAILABLE }])
    await expect(locate()).rejects.toMatchObject({ reason: 'unavailable' })
  })

  it('says so when the browser has no geolocation', async () => {
    vi.stubGlobal('navigator', {})
    await expect(locate()).rejects.toMatchObject({ reason: expect.stringMatching(/unsupported|insecure/) })
  })
})
