// The module's code lists a screening page names things by: the diseases in
// force and the risk categories, read once per page.
import { computed, onMounted, shallowRef } from 'vue'
import { get } from '@/api/client'
import { showError } from '../../utils/errors'
import type { Disease, Vocabulary } from './types'

/** useEpiRefs loads the diseases and categories and names their codes. */
export function useEpiRefs() {
  const diseases = shallowRef<Disease[]>([])
  const vocabulary = shallowRef<Vocabulary>()
  onMounted(async () => {
    try {
      const [d, v] = await Promise.all([get('/api/v1/epidemic/diseases', { query: { current: true } }), get('/api/v1/epidemic/vocabulary')])
      diseases.value = d.items ?? []
      vocabulary.value = v
    } catch (e) {
      showError(e)
    }
  })
  const categories = computed(() => vocabulary.value?.categories ?? [])
  const diseaseName = (code: string) => diseases.value.find((d) => d.code === code)?.name ?? code
  const categoryName = (code: string) => categories.value.find((c) => c.code === code)?.name ?? code
  return { diseases, vocabulary, categories, diseaseName, categoryName }
}
