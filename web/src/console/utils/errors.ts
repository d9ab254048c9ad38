// Turning API errors into words for the user.
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/client'
import { i18n } from '@/i18n'
import { errorMessage, problemText } from '@/i18n/problems'

/** errorText is what to tell the user about err. */
export function errorText(err: unknown): string {
  return errorMessage(i18n.global, err)
}

/** showError pops a message for err, unless it is a 401 (the app then goes to login). */
export function showError(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) return
  ElMessage.error({ message: errorText(err), grouping: true })
}

/** fieldErrorsOf returns the per-field messages of a 422, worded in the user's language, or {}. */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  return err instanceof ApiError ? err.fieldErrorsWith((e) => problemText(i18n.global, e)) : {}
}
