// A resident's history entries as lines of text. The server records what
// changed as structured detail (internal/population/history.go); personal
// values never appear in it, only that they changed.

/** The look-ups the lines need: messages and dictionary labels. */
export interface HistoryLabels {
  t: (key: string, params?: Record<string, unknown>) => string
  tag: (code: string) => string
  status: (code: string) => string
}

/** The resident fields an "updated" entry may name, with their message keys. */
const FIELD_KEYS: Record<string, string> = {
  name: 'resident.name',
  phone: 'resident.phone',
  id_number: 'resident.idNumber',
  ethnicity: 'resident.ethnicity',
  address: 'resident.address',
  residence_type: 'resident.residenceType',
  status: 'resident.status',
  tags: 'resident.tags',
  grid: 'resident.grid',
  grid_code: 'resident.grid',
  building: 'resident.building',
  household: 'resident.household',
}

interface FromTo {
  from?: string
  to?: string
}

function isFromTo(v: unknown): v is FromTo {
  return !!v && typeof v === 'object' && ('from' in v || 'to' in v)
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : []
}

/** historyLines explains one entry's detail; an unknown shape shows as its JSON. */
export function historyLines(detail: Record<string, unknown> | null | undefined, l: HistoryLabels): string[] {
  if (!detail) return []
  const out: string[] = []
  const none = l.t('history.empty')
  const sep = l.t('common.colon')
  for (const [k, v] of Object.entries(detail)) {
    const label = FIELD_KEYS[k] ? l.t(FIELD_KEYS[k]) : k
    if (k === 'added' || k === 'removed') {
      const tags = list(v)
      if (tags.length) out.push(l.t(k === 'added' ? 'history.tagsAdded' : 'history.tagsRemoved', { tags: tags.map(l.tag).join('、') }))
    } else if (k === 'fields') {
      const names = list(v).map((f) => (FIELD_KEYS[f] ? l.t(FIELD_KEYS[f]) : f))
      if (names.length) out.push(l.t('history.fieldsChanged', { fields: names.join('、') }))
    } else if (k === 'source') {
      if (v === 'import') out.push(l.t('history.fromImport'))
    } else if (k === 'transfer') {
      // the request's id says nothing to a reader: only that one was approved
      out.push(l.t('history.transfer'))
    } else if (isFromTo(v)) {
      if (k === 'household' || k === 'building') {
        // ids say nothing to a reader: only whether it was joined, left or changed
        const key = !v.from ? 'history.joined' : !v.to ? 'history.left' : 'history.changed'
        out.push(`${label}${sep}${l.t(key)}`)
      } else {
        const f = k === 'status' ? (v.from ? l.status(v.from) : none) : v.from || none
        const to = k === 'status' ? (v.to ? l.status(v.to) : none) : v.to || none
        out.push(`${label}${sep}${f} → ${to}`)
      }
    } else if (typeof v === 'string' || typeof v === 'number') {
      out.push(`${label}${sep}${v}`)
    } else if (Array.isArray(v)) {
      out.push(`${label}${sep}${(k === 'tags' ? list(v).map(l.tag) : list(v)).join('、') || none}`)
    } else if (v !== null && v !== undefined) {
      out.push(`${label}${sep}${JSON.stringify(v)}`)
    }
  }
  return out
}

/** The colour of each action on the timeline. */
export function actionType(a: string): 'primary' | 'success' | 'warning' | 'danger' | 'info' {
  switch (a) {
    case 'created':
    case 'imported':
    case 'restored':
      return 'success'
    case 'deleted':
      return 'danger'
    case 'status_changed':
    case 'moved':
    case 'transferred':
      return 'warning'
    default:
      return 'primary'
  }
}
