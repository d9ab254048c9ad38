// Whether the phone thinks it has a network. navigator.onLine is a hint —
// true on a captive Wi-Fi or a dead signal too — so nothing relies on it to
// decide; it only words the screens ("无网络") while requests find out.
import { ref } from 'vue'

/** online follows the browser's online/offline events. */
export const online = ref(globalThis.navigator?.onLine ?? true)

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => (online.value = true))
  window.addEventListener('offline', () => (online.value = false))
}
