// Whether the console is on a phone-sized screen: below NARROW_PX the side
// menu becomes a drawer, the header compacts, dialogs and forms fit the
// screen (styles.css holds the same breakpoint).
import { onBeforeUnmount, ref, type Ref } from 'vue'

export const NARROW_PX = 768
export const NARROW_QUERY = `(max-width: ${NARROW_PX - 1}px)`

/** useNarrow follows the screen's width while the component lives. */
export function useNarrow(win: Pick<Window, 'matchMedia'> | undefined = globalThis.window): Ref<boolean> {
  const mq = win?.matchMedia?.(NARROW_QUERY)
  const narrow = ref(!!mq?.matches)
  if (!mq) return narrow
  const on = (e: { matches: boolean }) => (narrow.value = e.matches)
  mq.addEventListener('change', on)
  onBeforeUnmount(() => mq.removeEventListener('change', on))
  return narrow
}
