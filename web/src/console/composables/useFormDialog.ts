// The flow every form dialog shares: fill the form as it opens, validate,
// send, say it is saved, close — or show the server's field errors.
import { ref, watch, type Ref } from 'vue'
import { ElMessage, type FormInstance } from 'element-plus'
import { ApiError } from '@/api/client'
import { i18n } from '@/i18n'
import { errorText, fieldErrorsOf, showError } from '../utils/errors'

export interface FormDialogOptions<R> {
  /** the el-form (useTemplateRef): validated before sending, its marks cleared on opening */
  form?: Readonly<Ref<FormInstance | null | undefined>>
  /** the dialog's v-model; none for a form on a page */
  open?: Ref<boolean>
  /** fill sets the form up each time the dialog opens */
  fill?: () => unknown
  /** submit sends the form */
  submit: () => Promise<R>
  /** the success message; false for none. Default: 保存成功 */
  toast?: string | ((result: R) => string) | false
  /** done runs after a success, the dialog closed (e.g. emit('saved')) */
  done?: (result: R) => unknown
  /** the API's field names as the form's props, where they differ */
  fields?: Record<string, string>
  /** inline: a failure is told in `problem` (shown in the form) instead of a toast */
  inline?: boolean
  /** handle deals with a failure itself (e.g. offers another way); true: handled, nothing more is shown */
  handle?: (err: unknown) => boolean | Promise<boolean>
}

/** useFormDialog runs a form dialog; bind errors to its el-form-items and busy to its button. */
export function useFormDialog<R>(opts: FormDialogOptions<R>) {
  const busy = ref(false)
  /** the server's message for each field it refused, by form prop */
  const errors = ref<Record<string, string>>({})
  /** what went wrong, when inline */
  const problem = ref('')

  function clear() {
    errors.value = {}
    problem.value = ''
  }

  if (opts.open) {
    watch(
      opts.open,
      (v) => {
        if (!v) return
        clear()
        void opts.fill?.()
        opts.form?.value?.clearValidate()
      },
      { immediate: true },
    )
  }

  function fieldErrors(e: unknown): Record<string, string> {
    const fields = fieldErrorsOf(e)
    if (!opts.fields) return fields
    return Object.fromEntries(Object.entries(fields).map(([k, v]) => [opts.fields?.[k] ?? k, v]))
  }

  /** save validates and submits; it reports whether the form was saved. */
  async function save(): Promise<boolean> {
    const form = opts.form?.value
    if (form && !(await form.validate().catch(() => false))) return false
    busy.value = true
    clear()
    try {
      const res = await opts.submit()
      const toast = opts.toast ?? i18n.global.t('common.saved')
      if (toast !== false) ElMessage.success(typeof toast === 'function' ? toast(res) : toast)
      if (opts.open) opts.open.value = false
      await opts.done?.(res)
      return true
    } catch (e) {
      if (await opts.handle?.(e)) return false
      errors.value = fieldErrors(e)
      if (!opts.inline) showError(e)
      else {
        problem.value = errorText(e)
        // the app is on its way to the log-in page
        if (opts.open && e instanceof ApiError && e.status === 401) opts.open.value = false
      }
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, errors, problem, save }
}
