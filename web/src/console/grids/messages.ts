// Server messages come as "中文 / English"; these helpers pick the part for
// the console's language and tie field errors back to what they name.
import { ApiError } from '@/api/client'
import { localHalf } from '@/i18n/problems'

/** localPart is the part of a bilingual "中文 / English" message for the locale. */
export const localPart = localHalf

/** Problem is one field error of a 422, located. */
export interface Problem {
  location: string
  message: string
  /** For body.features[i]…: i. */
  feature?: number
}

/** problemsOf lists the field errors of err (an ApiError 422), each in the locale's words. */
export function problemsOf(err: unknown, locale: string): Problem[] {
  if (!(err instanceof ApiError)) return []
  return (err.problem.errors ?? []).map((e) => {
    const location = e.location ?? ''
    const m = /^body\.features\[(\d+)\]/.exec(location)
    return { location, message: localPart(e.message ?? '', locale), feature: m ? Number(m[1]) : undefined }
  })
}
