// Turning API errors into words for the user.
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/client'
import { i18n } from '@/i18n'

/** errorText is what to tell the user about err. */
export function errorText(err: unknown): string {
  const t = i18n.global.t
  if (err instanceof ApiError) {
    if (err.network) return t('common.networkError')
    if (err.status === 429) {
      const s = err.retryAfter ?? 60
      return err.problem.detail ? `${err.problem.detail}` : t('common.tooMany', { s })
    }
    if (err.problem.detail) return err.problem.detail
    if (err.status === 403) return t('common.forbidden')
    return err.problem.title || t('common.unknownError', { status: err.status })
  }
  if (err instanceof Error && err.message) return err.message
  return t('common.unknownError', { status: '?' })
}

/** showError pops a message for err, unless it is a 401 (the app then goes to login). */
export function showError(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) return
  ElMessage.error({ message: errorText(err), grouping: true })
}

/** fieldErrorsOf returns the per-field messages of a 422, or {}. */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  return err instanceof ApiError ? err.fieldErrors : {}
}
