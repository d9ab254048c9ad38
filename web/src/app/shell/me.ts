// Who is signed in, kept on the device so that the app opens at once — on
// a repeat visit, offline, over a slow network — on the user's own screens,
// while /me is asked again behind it (the server still decides every
// request). Only what /me returns is kept: the phone in it is masked.
import { ApiError, readCookie } from '@/api/client'
import { useAuthStore } from '@/api/session'
import type { Me } from '@/api/types'
import { clearCache } from '../offline/cache'

const KEY = 'hg.app.me'
/** The cookie a session sets beside its own (readable, same lifetime): none, no session. */
const SESSION_MARK = 'hg_csrf'

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

function kept(): Me | undefined {
  try {
    const saved = storage()?.getItem(KEY)
    return saved ? (JSON.parse(saved) as Me) : undefined
  } catch {
    return undefined
  }
}

const kindOf = (me: Me | null | undefined) => (me ? (me.kind ?? 'staff') : undefined)

/**
 * whoIs is the signed-in user's kind (resident or staff), or undefined when
 * signed out. With no session cookie it asks nothing; with a kept user it
 * answers at once and checks /me behind, calling signedOut if the session
 * has ended meanwhile.
 */
export async function whoIs(signedOut: () => void): Promise<string | undefined> {
  const auth = useAuthStore()
  if (auth.me) return kindOf(auth.me)
  if (!readCookie(SESSION_MARK)) {
    storage()?.removeItem(KEY)
    return undefined
  }
  const saved = kept()
  if (saved) {
    auth.me = saved
    void recheck(signedOut)
    return kindOf(saved)
  }
  try {
    if (!(await auth.ensureMe())) return undefined
    storage()?.setItem(KEY, JSON.stringify(auth.me))
    return kindOf(auth.me)
  } catch (e) {
    if (e instanceof ApiError && e.network) return undefined
    throw e
  }
}

async function recheck(signedOut: () => void): Promise<void> {
  const auth = useAuthStore()
  try {
    await auth.loadMe()
    storage()?.setItem(KEY, JSON.stringify(auth.me))
  } catch (e) {
    if (!(e instanceof ApiError) || e.network) return // offline: the kept user stands
    if (e.status === 401 || e.status === 403) {
      storage()?.removeItem(KEY)
      auth.forget()
      signedOut()
    }
  }
}

/** justSignedIn reads the new session's user, whoever was kept before. */
export async function justSignedIn(): Promise<string | undefined> {
  storage()?.removeItem(KEY)
  useAuthStore().forget()
  return whoIs(() => {})
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
