// The resident's own record as GET /api/v1/public/me gives it (binding
// state, masked record and household), kept for the pages that ask whether
// the account is bound; reloaded after a binding.
import { ref } from 'vue'
import { get, type ResponseOf } from '@/api/client'

export type Profile = ResponseOf<'/api/v1/public/me', 'get'>

/** profile is the last answer, or null before the first. */
export const profile = ref<Profile | null>(null)

/** loadProfile asks the server again; offline it keeps the last answer. */
export async function loadProfile(): Promise<Profile | null> {
  profile.value = await get('/api/v1/public/me', { quiet: true })
  return profile.value
}

