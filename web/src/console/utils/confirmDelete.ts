// The console's one delete flow: ask, delete, say so, or show why not.
import { ElMessage, ElMessageBox } from 'element-plus'
import { i18n } from '@/i18n'
import { showError } from './errors'

/** confirmDelete asks with message, runs remove, and reports; true when deleted. */
export async function confirmDelete(message: string, remove: () => Promise<unknown>): Promise<boolean> {
  const t = i18n.global.t
  try {
    await ElMessageBox.confirm(message, t('common.delete'), {
      type: 'warning',
      confirmButtonText: t('common.delete'),
      cancelButtonText: t('common.cancel'),
    })
  } catch {
    return false
  }
  try {
    await remove()
    ElMessage.success(t('common.deleted'))
    return true
  } catch (e) {
    showError(e)
    return false
  }
}
