// The app's words for what went wrong, and the one way it tells the user.
import { showToast } from 'vant'
import 'vant/es/toast/style'
import { ApiError } from '@/api/client'
import { errorMessage, problemText } from '@/i18n/problems'
import { elder } from '../elder'
import { i18n } from '../i18n'

/** errorText is what to tell the user about err, in the app's language. */
export function errorText(err: unknown): string {
  return errorMessage(i18n.global, err)
}

/** fieldErrorsOf: a 422's messages by field, worded in the app's language. */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  return err instanceof ApiError ? err.fieldErrorsWith((e) => problemText(i18n.global, e)) : {}
}

/** say shows a short message; in elder mode it stays longer, to be read. */
export function say(message: string, type: 'success' | 'fail' | 'text' = 'text'): void {
  showToast({ message, type, duration: elder.value ? 4000 : 2000, wordBreak: 'break-word' })
}

/** sayError tells the user about err, unless it is a 401 (the app then goes to sign-in). */
export function sayError(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) return
  say(errorText(err), 'fail')
}
