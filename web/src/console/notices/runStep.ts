// Running one workflow step on a notice: ask (a confirmation, or the reason
// the server requires), send it, say it is done.
import { ElMessage, ElMessageBox } from 'element-plus'
import { del, post } from '@/api/client'
import type { Notice } from '@/api/types'
import { i18n } from '@/i18n'
import { confirmDelete } from '../utils/confirmDelete'
import { showError } from '../utils/errors'
import { NEEDS_REASON, type NoticeAction } from './workflow'

type Step = Exclude<NoticeAction, 'edit'>

const PATHS = {
  submit: '/api/v1/notices/{id}/submit',
  approve: '/api/v1/notices/{id}/approve',
  reject: '/api/v1/notices/{id}/reject',
  withdraw: '/api/v1/notices/{id}/withdraw',
} as const

async function ask(step: Exclude<Step, 'delete'>, n: Notice): Promise<string | null> {
  const t = i18n.global.t
  const opts = {
    title: t(`notice.step.${step}`),
    confirmButtonText: t('common.confirm'),
    cancelButtonText: t('common.cancel'),
    customClass: 'notice-step-box',
  }
  try {
    if (NEEDS_REASON.includes(step)) {
      const { value } = await ElMessageBox.prompt(t(`notice.confirm.${step}`, { title: n.title }), {
        ...opts,
        inputType: 'textarea',
        inputPlaceholder: t('notice.reason'),
        inputValidator: (v: string) => !!v?.trim() || t('notice.reasonRequired'),
      })
      return value.trim()
    }
    await ElMessageBox.confirm(t(`notice.confirm.${step}`, { title: n.title }), { ...opts, type: 'warning' })
    return ''
  } catch {
    return null
  }
}

/** runStep takes step on n after asking; it reports whether the notice changed. */
export async function runStep(step: Step, n: Notice): Promise<boolean> {
  const t = i18n.global.t
  if (step === 'delete') {
    return confirmDelete(t('common.deleteConfirm', { name: n.title }), () => del('/api/v1/notices/{id}', { path: { id: n.id } }))
  }
  try {
    const comment = await ask(step, n)
    if (comment === null) return false
    await post(PATHS[step], { path: { id: n.id }, body: comment ? { comment } : {} })
    ElMessage.success(t(`notice.done.${step}`))
    return true
  } catch (e) {
    showError(e)
    return false
  }
}
