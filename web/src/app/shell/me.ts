// Who is signed in, kept on the device so that the app opens offline on the
// user's own screens (the server still decides every request). Only what
// /me returns is kept: the phone in it is masked.
import { ApiError } from '@/api/client'
import { useAuthStore } from '@/api/session'
import type { Me } from '@/api/types'
import { clearCache } from '../offline/cache'

const KEY = 'hg.app.me'

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** whoIs is the signed-in user's kind (resident or staff), or undefined when signed out. */
export async function whoIs(): Promise<string | undefined> {
  const auth = useAuthStore()
  try {
    if (await auth.ensureMe()) {
      storage()?.setItem(KEY, JSON.stringify(auth.me))
      return auth.me?.kind ?? 'staff'
    }
    storage()?.removeItem(KEY)
    return undefined
  } catch (e) {
    if (!(e instanceof ApiError && e.network)) throw e
    const saved = storage()?.getItem(KEY)
    if (!saved) return undefined
    auth.me = JSON.parse(saved) as Me
    return auth.me.kind ?? 'staff'
  }
}

/**
 * forgetMe signs out on this device: the kept user and the read cache go
 * with the session (the outbox keeps the user's unsent writes).
 */
export async function forgetMe(): Promise<void> {
  storage()?.removeItem(KEY)
  await clearCache()
  await useAuthStore().logout()
}
