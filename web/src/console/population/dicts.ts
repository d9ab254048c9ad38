// The population dictionaries (key-population tags, ethnicities, residence
// types, statuses), fetched once, with labels in the user's language.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { get } from '@/api/client'
import type { PopulationDicts } from '@/api/types'
import { i18n } from '@/i18n'

export interface Option {
  code: string
  label: string
}

const EMPTY: PopulationDicts = { tags: [], ethnicities: [], residence_types: [], statuses: [] }

/**
 * label is the translation under ns.code when the messages have one, else
 * the server's (Chinese) label, else the code itself.
 */
function label(ns: string, code: string, server?: string): string {
  const key = `${ns}.${code}`
  if (i18n.global.te(key)) return i18n.global.t(key)
  return server || code
}

export const usePopulationDicts = defineStore('population-dicts', () => {
  const dicts = ref<PopulationDicts>(EMPTY)
  let pending: Promise<void> | null = null

  /** load fetches the dictionaries once (again after a failure). */
  function load(): Promise<void> {
    pending ??= get('/api/v1/dicts/population')
      .then((d) => {
        dicts.value = { ...EMPTY, ...d }
      })
      .catch((e) => {
        pending = null
        throw e
      })
    return pending
  }

  // computed over the locale so a language switch relabels every select
  const tags = computed<Option[]>(() => {
    void i18n.global.locale.value
    return (dicts.value.tags ?? []).map((o) => ({ code: o.code, label: label('residentTag', o.code, o.label) }))
  })
  const residenceTypes = computed<Option[]>(() => {
    void i18n.global.locale.value
    return (dicts.value.residence_types ?? []).map((o) => ({ code: o.code, label: label('residenceType', o.code, o.label) }))
  })
  const statuses = computed<Option[]>(() => {
    void i18n.global.locale.value
    return (dicts.value.statuses ?? []).map((o) => ({ code: o.code, label: label('residentStatus', o.code, o.label) }))
  })
  const ethnicities = computed<Option[]>(() => (dicts.value.ethnicities ?? []).map((o) => ({ code: o.code, label: o.name })))

  const byCode = (list: Option[]) => new Map(list.map((o) => [o.code, o.label]))
  const tagMap = computed(() => byCode(tags.value))
  const residenceMap = computed(() => byCode(residenceTypes.value))
  const statusMap = computed(() => byCode(statuses.value))
  const ethnicityMap = computed(() => byCode(ethnicities.value))

  return {
    dicts,
    load,
    tags,
    residenceTypes,
    statuses,
    ethnicities,
    tagLabel: (c: string) => tagMap.value.get(c) ?? label('residentTag', c),
    residenceLabel: (c: string) => residenceMap.value.get(c) ?? label('residenceType', c),
    statusLabel: (c: string) => statusMap.value.get(c) ?? label('residentStatus', c),
    ethnicityLabel: (c: string) => ethnicityMap.value.get(c) ?? c,
  }
})
