import { describe, expect, it } from 'vitest'
import { backoff, openPush, pushURL, SESSION_ENDED, type PushMessage } from './socket'

/** FakeSocket stands for a browser WebSocket the test drives. */
class FakeSocket {
  onmessage: ((ev: MessageEvent) => void) | null = null
  onclose: ((ev: CloseEvent) => void) | null = null
  closedWith?: number
  constructor(readonly url: string) {}
  close(code?: number) {
    this.closedWith = code
  }
  receive(data: string) {
    this.onmessage?.({ data } as MessageEvent)
  }
  drop(code: number) {
    this.onclose?.({ code } as CloseEvent)
  }
}

function harness() {
  const sockets: FakeSocket[] = []
  const timers: { f: () => void; ms: number; cleared?: boolean }[] = []
  const got: PushMessage[] = []
  let ended = 0
  const push = openPush({
    url: 'ws://console/api/v1/ws',
    onMessage: (m) => got.push(m),
    onSessionEnd: () => ended++,
    socket: (u) => {
      const s = new FakeSocket(u)
      sockets.push(s)
      return s as unknown as WebSocket
    },
    setTimer: (f, ms) => {
      const t = { f, ms }
      timers.push(t)
      return t
    },
    clearTimer: (t) => {
      ;(t as { cleared?: boolean }).cleared = true
    },
  })
  return { push, sockets, timers, got, ended: () => ended }
}

describe('push channel', () => {
  it('waits a second doubling to thirty, give or take a fifth', () => {
    expect(backoff(0, () => 0.5)).toBe(1000)
    expect(backoff(3, () => 0.5)).toBe(8000)
    expect(backoff(10, () => 0.5)).toBe(30_000)
    expect(backoff(0, () => 0)).toBe(800)
    expect(backoff(10, () => 1)).toBe(36_000)
  })

  it('is on the page’s own origin', () => {
    expect(pushURL({ protocol: 'https:', host: 'hg.example.cn' })).toBe('wss://hg.example.cn/api/v1/ws')
    expect(pushURL({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/api/v1/ws')
  })

  it('hands on the messages and skips what is not JSON', () => {
    const h = harness()
    h.sockets[0].receive('{"type":"unread","unread":3}')
    h.sockets[0].receive('not json')
    h.sockets[0].receive('{"type":"notification","unread":4,"notification":{"id":"n1"}}')
    expect(h.got.map((m) => [m.type, m.unread])).toEqual([
      ['unread', 3],
      ['notification', 4],
    ])
  })

  it('reconnects with growing waits, and from the start once the server has spoken', () => {
    const h = harness()
    h.sockets[0].drop(1001) // the server restarts
    expect(h.timers).toHaveLength(1)
    h.timers[0].f()
    h.sockets[1].drop(1006) // not back yet
    h.timers[1].f()
    expect(h.timers[1].ms).toBeGreaterThan(h.timers[0].ms)
    h.sockets[2].receive('{"type":"unread","unread":0}')
    h.sockets[2].drop(1013)
    expect(h.timers[2].ms).toBeLessThanOrEqual(1200)
    expect(h.sockets).toHaveLength(3)
  })

  it('stops for good when the session has ended', () => {
    const h = harness()
    h.sockets[0].drop(SESSION_ENDED)
    expect(h.ended()).toBe(1)
    expect(h.timers).toHaveLength(0)
  })

  it('closes cleanly, and a pending reconnection with it', () => {
    const h = harness()
    h.sockets[0].drop(1001)
    h.push.close()
    expect(h.timers[0].cleared).toBe(true)
    const again = harness()
    again.push.close()
    expect(again.sockets[0].closedWith).toBe(1000)
    again.sockets[0].drop(1000)
    expect(again.timers).toHaveLength(0)
    expect(again.ended()).toBe(0)
  })
})
