// The outbox: every write the app makes goes through it, so that a write
// made with no signal waits on the phone (IndexedDB, photos included) and is
// sent when the network returns, exactly once (each carries an
// Idempotency-Key the server keeps for 24 h). Screens call enqueue and may
// show the item's state; they never post a write themselves.
//
// This is the contract the screens use; queue.ts holds the queue, http.ts
// its way to the server, OutboxBar/OutboxPage the badge and the list.
import { watch } from 'vue'
import { useAuthStore } from '@/api/session'
import { idbTable } from '../offline/idb'
import { errorText } from '../shell/errors'
import { httpTransport } from './http'
import { Outbox } from './queue'
import type { Item, Write } from './types'

export type { Item, State, Write } from './types'

// two tabs of the app share the database: Web Locks (where there are any)
// let one send at a time; the Idempotency-Key covers the rest
function tabLock(pass: () => Promise<void>): Promise<void> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks
  return locks ? locks.request('hg-outbox', () => pass()).then(() => undefined) : pass()
}

const box = new Outbox({
  store: idbTable<Item>('outbox'),
  transport: httpTransport,
  user: () => useAuthStore().me?.id,
  describe: errorText,
  lock: tabLock,
})

/** pending is how many writes wait to be sent ("N 条待同步"). */
export const pending = box.pending
/** attention is how many the server refused and wait for the user ("N 条需处理"). */
export const attention = box.attention
/** items are the signed-in user's writes, oldest first (sent ones for a few minutes). */
export const items = box.items
/** paused: the session ended (a 401); the queue waits for the user to sign in again. */
export const paused = box.paused
/** syncing: a pass is on. */
export const syncing = box.syncing
/** retryAt: when the next try is due after a failure (ms since the epoch). */
export const retryAt = box.retryAt

/** enqueue puts a write in the outbox and starts sending; it resolves once the write is kept on the phone. */
export function enqueue(w: Write): Promise<Item> {
  return box.enqueue(w)
}

/** syncNow sends what waits, now (the "立即同步" button). */
export function syncNow(): Promise<void> {
  return box.syncNow()
}

/** retry sends an item that needs attention again. */
export function retry(id: string): Promise<void> {
  return box.retry(id)
}

/** discard lets an item that needs attention go; ask the user first. */
export function discard(id: string): Promise<void> {
  return box.discard(id)
}

/**
 * startOutbox sends what waits whenever there is a chance: once the user is
 * known (the app's start, a new sign-in), when the network returns, when
 * the app comes to the front; after each success it goes on, and after a
 * failure it waits (backoff). Call it once, after Pinia is installed.
 */
export function startOutbox(): void {
  const auth = useAuthStore()
  watch(
    () => auth.me,
    (me) => void (me ? box.resume() : box.refresh()),
    { immediate: true },
  )
  window.addEventListener('online', () => void box.syncNow())
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void box.refresh().then(() => box.syncNow())
  })
}
