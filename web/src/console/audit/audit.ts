// The audit log in words: actions and object types by their names, and a
// record's detail as labelled fields instead of raw JSON.
import actions from '@/api/audit-actions.json'
import { i18n } from '@/i18n'

/**
 * The actions the server writes to the audit log, as its modules declare them
 * (audit.Declare; a Go test keeps the JSON current): every one has a name in
 * auditAction (audit.test.ts).
 */
export const AUDIT_ACTIONS: readonly string[] = actions

function named(ns: string, code: string): string {
  // codes hold dots ("auth.sms.send"): the messages key them with _ instead
  const key = `${ns}.${code.replaceAll('.', '_')}`
  return i18n.global.te(key) ? i18n.global.t(key) : code
}

/** actionName is an audit action's name in the user's language, else its code. */
export function actionName(action: string): string {
  return named('auditAction', action)
}

/** objectName is an object type's name, else its code. */
export function objectName(type: string): string {
  return named('auditObject', type)
}

/** One labelled field of a record's detail. */
export interface DetailField {
  key: string
  label: string
  value: string
}

function valueText(v: unknown): string {
  const t = i18n.global.t
  if (v === null || v === undefined) return ''
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no')
  if (Array.isArray(v)) return v.map(valueText).join('、')
  if (typeof v === 'object') {
    return detailFields(v)
      .map((f) => `${f.label}${t('common.colon')}${f.value}`)
      .join('；')
  }
  return String(v)
}

/** detailFields lists a record's detail as labelled fields; a detail that is not an object is one field. */
export function detailFields(d: unknown): DetailField[] {
  if (d === null || d === undefined || d === '') return []
  if (typeof d !== 'object' || Array.isArray(d)) return [{ key: '', label: '', value: valueText(d) }]
  return Object.entries(d as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => ({ key: k, label: named('auditField', k), value: valueText(v) }))
}
