// Wording a server problem in the user's language: its stable code through
// vue-i18n (problem.<code>, params interpolated), else the half of a
// bilingual detail ("中文 / english") in the language on screen.
import { ApiError } from '@/api/client'

/** The part of a vue-i18n composer (i18n.global, useI18n()) that words problems. */
export interface Translator {
  t: (key: string, named: Record<string, unknown>) => string
  te: (key: string) => boolean
  readonly locale: { readonly value: string }
}

/** The shape of a problem, or of one of its field errors, that is worded. */
export interface Coded {
  code?: string | null
  params?: Record<string, unknown> | null
  detail?: string | null
  message?: string | null
}

// params that arrive as codes, and the namespace that names each
const PARAM_NAMES: Record<string, string> = {
  action: 'eventAction',
  status: 'eventStatus',
  task_status: 'taskStatus',
  role: 'role',
}

function paramText(tr: Translator, name: string, value: unknown): unknown {
  const ns = PARAM_NAMES[name]
  if (!ns || typeof value !== 'string') return value
  for (const key of [`${ns}.${value}`, `problemParam.${value}`]) {
    if (tr.te(key)) return tr.t(key, {})
  }
  return value
}

/**
 * localHalf is the half of a bilingual text that is in the language on
 * screen: "中文 / english" → "中文" in Chinese, "english" otherwise. A text
 * without the separator, or without Chinese in its first half, is kept whole.
 */
export function localHalf(text: string, locale: string): string {
  const i = text.indexOf(' / ')
  if (i < 0 || !/[\u4e00-\u9fff]/.test(text.slice(0, i))) return text
  const zh = text.slice(0, i).replace(/^[a-z_ ]+: /, '')
  return locale.startsWith('zh') ? zh : text.slice(i + 3).replace(KIND_SUFFIX, '')
}

// the error kind Go appends to a detail ("…: conflict")
const KIND_SUFFIX = /: (not found|conflict|forbidden|unauthorized|invalid input|too many attempts)$/

/**
 * problemText words a problem or a field error; "" when it has no words at
 * all. A generic code ("conflict", no module in it) yields to a bilingual
 * detail, which says more.
 */
export function problemText(tr: Translator, p: Coded): string {
  const text = p.detail ?? p.message ?? ''
  const generic = !p.code?.includes('.') && text.includes(' / ')
  if (p.code && !generic && tr.te(`problem.${p.code}`)) {
    const params: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(p.params ?? {})) params[k] = paramText(tr, k, v)
    return tr.t(`problem.${p.code}`, params)
  }
  return localHalf(text, tr.locale.value)
}

/** errorMessage is what to tell the user about err, in the language of tr. */
export function errorMessage(tr: Translator, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.network) return tr.t('failure.network', {})
    const worded = problemText(tr, err.problem)
    if (worded) return worded
    if (err.status === 429) return tr.t('failure.tooMany', { s: err.retryAfter ?? 60 })
    if (err.status === 403) return tr.t('failure.forbidden', {})
    return err.problem.title || tr.t('failure.unknown', { status: err.status })
  }
  if (err instanceof Error && err.message) return err.message
  return tr.t('failure.unknown', { status: '?' })
}
