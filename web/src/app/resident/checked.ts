// The state of a resident's form that is checked in the page, then sent:
// its problems (this page's i18n keys, from forms.ts), the server's field
// refusals, a refusal as a whole, and whether it is being sent.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { errorText, fieldErrorsOf } from '../shell/errors'
import { ok, type Problems } from './forms'

export function useChecked(whole: (e: unknown) => string = errorText) {
  const { t } = useI18n()
  const problems = ref<Problems>({})
  const server = ref<Record<string, string>>({})
  const error = ref('')
  const busy = ref(false)

  /** word is a field's message: the server's, else the page's own check. */
  function word(field: string): string {
    return server.value[field] || (problems.value[field] ? t(problems.value[field]) : '')
  }

  /**
   * send shows found (the page's check) and, when nothing is wrong, runs
   * request; a refusal goes on its fields, or as a whole (worded by whole).
   */
  async function send(found: Problems, request: () => Promise<void>): Promise<void> {
    error.value = ''
    server.value = {}
    problems.value = found
    if (!ok(found)) return
    busy.value = true
    try {
      await request()
    } catch (e) {
      server.value = fieldErrorsOf(e)
      if (!Object.keys(server.value).length) error.value = whole(e)
    } finally {
      busy.value = false
    }
  }

  return { problems, server, error, busy, word, send }
}
