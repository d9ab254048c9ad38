// Waiting a moment for a write the outbox holds: online it is sent within a
// second or two, and the screen can go to what it made; offline it stays
// queued, and the screen says it will be sent.
import { watch } from 'vue'
import { items, type Item } from '../outbox'

/** settle resolves with the item once it is sent or refused, or as it is after ms. */
export function settle(id: string, ms = 4000): Promise<Item | undefined> {
  return new Promise((resolve) => {
    const find = () => items.value.find((x) => x.id === id)
    let stop: (() => void) | undefined
    const timer = setTimeout(() => {
      stop?.()
      resolve(find())
    }, ms)
    stop = watch(
      () => find()?.state,
      (state) => {
        if (state !== 'done' && state !== 'attention') return
        clearTimeout(timer)
        queueMicrotask(() => stop?.())
        resolve(find())
      },
      { immediate: true },
    )
  })
}
