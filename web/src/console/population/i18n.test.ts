// The population screens build some keys at run time (t(`idcard.${problem}`)
// and the like): each must exist in both languages.
import { describe, expect, it } from 'vitest'
import { IMPORT_MODES, IMPORT_STATUSES, RESIDENT_ACTIONS } from '@/api/enums'
import type { IdProblem } from '@/console/utils/idcard'
import { messages } from '@/i18n'

const ID_PROBLEMS: IdProblem[] = ['length', 'format', 'region', 'birthDate', 'checksum']
const RUNTIME_KEYS = [
  ...ID_PROBLEMS.map((p) => `idcard.${p}`),
  'gender.male',
  'gender.female',
  ...IMPORT_STATUSES.map((s) => `importStatus.${s}`),
  ...IMPORT_MODES.map((m) => `importMode.${m}`),
  'importKind.residents',
  // the dictionary codes of internal/population/dict.go
  ...['elderly_65', 'elderly_alone', 'disabled', 'hypertension', 'diabetes_t2', 'severe_mental', 'tuberculosis', 'pregnant', 'child_0_6', 'low_income', 'special_care'].map((c) => `residentTag.${c}`),
  ...['registered', 'resident', 'floating'].map((c) => `residenceType.${c}`),
  ...['active', 'moved_out', 'deceased'].map((c) => `residentStatus.${c}`),
  // the history actions the server lists
  ...RESIDENT_ACTIONS.map((a) => `residentAction.${a}`),
]

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((t, k) => (t && typeof t === 'object' ? (t as Record<string, unknown>)[k] : undefined), tree)
}

describe('population messages', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`has the run-time keys in ${locale}`, () => {
      expect(RUNTIME_KEYS.filter((k) => typeof lookup(messages[locale], k) !== 'string')).toEqual([])
    })
  }
})
