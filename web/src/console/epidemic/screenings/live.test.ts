import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { moved, rateOf, throttled, watchLive, type LiveMode, type StreamLike } from './live'
import type { Counts } from './types'

class FakeStream implements StreamLike {
  readyState = 0
  closed = false
  private fns: Record<string, ((e: MessageEvent) => void)[]> = {}
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    ;(this.fns[type] ??= []).push(fn)
  }
  close() {
    this.closed = true
    this.readyState = 2
  }
  emit(type: string, data = '') {
    for (const fn of this.fns[type] ?? []) fn({ data } as MessageEvent)
  }
}

const counts = (verified: number): Counts => ({ received: 10, distributed: 8, pool: 2, verified, overdue: 0, rate: verified / 10 })

describe('watchLive', () => {
  let streams: FakeStream[]
  let modes: LiveMode[]
  let got: number[]
  beforeEach(() => {
    vi.useFakeTimers()
    streams = []
    modes = []
    got = []
  })
  afterEach(() => vi.useRealTimers())

  function start(poll = vi.fn(async () => counts(7))) {
    const stop = watchLive({
      url: '/live',
      poll,
      onCounts: (c) => got.push(c.verified),
      onMode: (m) => modes.push(m),
      open: () => {
        const s = new FakeStream()
        streams.push(s)
        return s
      },
      pollEvery: 1000,
      retryAfter: 5000,
    })
    return { stop, poll }
  }

  it('passes each message on and says it is live', () => {
    start()
    streams[0].emit('progress', JSON.stringify(counts(3)))
    streams[0].emit('progress', JSON.stringify(counts(4)))
    expect(got).toEqual([3, 4])
    expect(modes.at(-1)).toBe('live')
  })

  it('lets the browser reconnect a drop, then polls when it keeps failing, then tries the stream again', async () => {
    const { poll } = start()
    streams[0].emit('error')
    expect(modes.at(-1)).toBe('reconnecting')
    streams[0].emit('progress', JSON.stringify(counts(5))) // reconnected: the count of failures starts again
    streams[0].emit('error')
    streams[0].emit('error')
    expect(modes.at(-1)).toBe('reconnecting')
    streams[0].emit('error')
    expect(modes.at(-1)).toBe('polling')
    expect(streams[0].closed).toBe(true)
    await vi.advanceTimersByTimeAsync(2500)
    expect(poll).toHaveBeenCalledTimes(3)
    expect(got.at(-1)).toBe(7)
    await vi.advanceTimersByTimeAsync(2500)
    expect(streams).toHaveLength(2)
    expect(modes.at(-1)).toBe('connecting')
    const calls = poll.mock.calls.length
    await vi.advanceTimersByTimeAsync(3000)
    expect(poll).toHaveBeenCalledTimes(calls) // polling stopped while the stream is tried
  })

  it('polls at once when the server closes the stream', () => {
    const { poll } = start()
    streams[0].readyState = 2
    streams[0].emit('error')
    expect(modes.at(-1)).toBe('polling')
    expect(poll).toHaveBeenCalledTimes(1)
  })

  it('stops everything', async () => {
    const { stop, poll } = start()
    streams[0].readyState = 2
    streams[0].emit('error')
    stop()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(poll).toHaveBeenCalledTimes(1)
    expect(streams).toHaveLength(1)
  })
})

describe('moved and rateOf', () => {
  it('tells a change in any count', () => {
    expect(moved(undefined, counts(1))).toBe(true)
    expect(moved(counts(1), counts(1))).toBe(false)
    expect(moved(counts(1), counts(2))).toBe(true)
  })
  it('rounds the rate down to a tenth of a percent', () => {
    expect(rateOf({ received: 3, verified: 1 })).toBe(33.3)
    expect(rateOf({ received: 0, verified: 0 })).toBe(0)
    expect(rateOf({ received: 3, verified: 3 })).toBe(100)
  })
})

describe('throttled', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())
  it('calls at once, then folds the calls of the wait into one', () => {
    const fn = vi.fn()
    const t = throttled(fn, 1000)
    t.call()
    t.call()
    t.call()
    expect(fn).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1000)
    expect(fn).toHaveBeenCalledTimes(2)
    vi.advanceTimersByTime(5000)
    expect(fn).toHaveBeenCalledTimes(2)
  })
})
