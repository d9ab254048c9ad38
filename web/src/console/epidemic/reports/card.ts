// The filing form's state and the card it sends.
import type { ReportCard } from '@/api/types'

export interface CardForm {
  card_no: string
  report_type: 'initial' | 'correction'
  corrects: string
  name: string
  parent_name: string
  id_number: string
  sex: 'male' | 'female' | ''
  birth_date: string
  age: number | undefined
  age_unit: string
  work_unit: string
  class: string
  phone: string
  belongs: string
  address: string
  address_code: string
  occupation: string
  classification: string
  course: string
  onset_date: string
  diagnosed_at: Date | null
  death_date: string
  disease: string
  subtype: string
  reporting_unit: string
  doctor: string
  note: string
}

/** blankCard is an empty form, or a correction of card with its fields (the masked numbers left for retyping). */
export function blankCard(card?: ReportCard | null): CardForm {
  const f: CardForm = {
    card_no: '', report_type: 'initial', corrects: '', name: '', parent_name: '', id_number: '', sex: '', birth_date: '',
    age: undefined, age_unit: '', work_unit: '', class: '', phone: '', belongs: 'local_county', address: '', address_code: '',
    occupation: '', classification: '', course: '', onset_date: '', diagnosed_at: null, death_date: '', disease: '',
    subtype: '', reporting_unit: '', doctor: '', note: '',
  }
  if (!card) return f
  return {
    ...f, card_no: card.card_no, report_type: 'correction', corrects: card.id, name: card.name,
    parent_name: card.parent_name ?? '', sex: card.sex, birth_date: card.birth_date ?? '', age: card.age ?? undefined,
    age_unit: card.age_unit ?? '', work_unit: card.work_unit ?? '', class: card.class ?? '', belongs: card.belongs,
    address: card.address, address_code: card.address_code ?? '', occupation: card.occupation,
    classification: card.classification, course: card.course ?? '', onset_date: card.onset_date ?? '',
    diagnosed_at: new Date(card.diagnosed_at), death_date: card.death_date ?? '', disease: card.disease,
    subtype: card.subtype ?? '', reporting_unit: card.reporting_unit, doctor: card.doctor, note: card.note ?? '',
  }
}

/** cardBody is the form as the server takes it: empty fields left out, the diagnosis to the hour. */
export function cardBody(f: CardForm): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(f)) {
    if (v === '' || v === null || v === undefined) continue
    out[k] = v
  }
  if (f.diagnosed_at) {
    const d = new Date(f.diagnosed_at)
    d.setMinutes(0, 0, 0)
    out.diagnosed_at = d.toISOString()
  }
  return out
}
