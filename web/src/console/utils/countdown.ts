// A seconds countdown for "send again in N s" buttons.
import { ref } from 'vue'

export function useCountdown() {
  const left = ref(0)
  let timer: ReturnType<typeof setInterval> | undefined

  function stop() {
    if (timer) clearInterval(timer)
    timer = undefined
  }

  function start(seconds: number) {
    stop()
    left.value = Math.max(0, Math.ceil(seconds))
    if (left.value === 0) return
    timer = setInterval(() => {
      left.value -= 1
      if (left.value <= 0) stop()
    }, 1000)
  }

  return { left, start, stop }
}
