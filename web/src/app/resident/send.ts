// A resident's write through the outbox, waited on for a moment: online it
// is usually sent within a second or two and the page can go on to what it
// made; offline, or on a slow network, the page says it was kept and will
// go when the network returns.
import { watch } from 'vue'
import { enqueue, items, type Item, type Write } from '../outbox'

/** WAIT is how long a page waits for its write to be sent before saying it is kept. */
export const WAIT = 8000

/** settled tells whether the outbox is done with an item, one way or the other. */
export function settled(item: Item): boolean {
  return item.state === 'done' || item.state === 'attention'
}

/** send puts w in the outbox and resolves with its item once sent or refused, or as it stands after ms. */
export async function send(w: Write, ms = WAIT): Promise<Item> {
  const kept = await enqueue(w)
  const current = () => items.value.find((i) => i.id === kept.id) ?? kept
  if (settled(current()) || !navigator.onLine) return current()
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer)
      stop()
      resolve(current())
    }
    const timer = setTimeout(finish, ms)
    const stop = watch(items, () => settled(current()) && finish())
  })
}
