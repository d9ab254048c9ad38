// A measure's daily check-in (健康打卡) as the app reasons about it, apart
// from its screens: the day in Beijing, the stage in force, the days left,
// today's check-ins against what the stage asks, the test days still to
// come, the fever threshold, the temperature as typed on the keypad, and
// the form's check and body. The resident's card and the grid worker's
// page share it.
import type { ResponseOf } from '@/api/client'

export type MeasureDetail = ResponseOf<'/api/v1/epidemic/measures/{id}', 'get'>
export type Measure = NonNullable<ResponseOf<'/api/v1/epidemic/measures', 'get'>['items']>[number]
export type Checkin = NonNullable<MeasureDetail['checkins']>[number]
type Step = NonNullable<Measure['stages']>[number]

/** FEVER is the temperature (°C) from which a check-in alerts the grid worker and township (the server's rule). */
export const FEVER = 37.3
/** The temperatures a check-in takes, °C. */
export const LOW = 34
export const HIGH = 43

/**
 * SYMPTOMS are the chips of the form: the key of their words and what is
 * sent (the Chinese term, as the console and the seed record symptoms).
 * 其他 sends what the person typed instead.
 */
export const SYMPTOMS = [
  { key: 'fever', value: '发热' },
  { key: 'cough', value: '咳嗽' },
  { key: 'fatigue', value: '乏力' },
  { key: 'soreThroat', value: '咽痛' },
  { key: 'diarrhoea', value: '腹泻' },
  { key: 'smellTaste', value: '嗅味觉减退' },
  { key: 'other', value: '其他' },
] as const
export type SymptomKey = (typeof SYMPTOMS)[number]['key']

/** beijingDay is t's date in Beijing, YYYY-MM-DD: the server counts check-ins by it. */
export function beijingDay(t: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(t)
}

/** stageOn is the stage in force on day: before the first the first, after the last the last (as the server). */
export function stageOn(stages: readonly Step[] | null | undefined, day: string): Step | undefined {
  if (!stages?.length) return undefined
  return stages.find((s) => day <= s.end) ?? stages[stages.length - 1]
}

const DAY = 86_400_000
const dayNo = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / DAY)

/** daysLeft counts the measure's days from today to its end, both included; 0 once it is over. */
export function daysLeft(m: Pick<Measure, 'start_date' | 'end_date'>, today: string): number {
  const from = today < m.start_date ? m.start_date : today
  return Math.max(0, dayNo(m.end_date) - dayNo(from) + 1)
}

/** asked is how many check-ins the stage in force asks for on day; 0 outside the measure. */
export function asked(m: Pick<Measure, 'stages' | 'start_date' | 'end_date'>, day: string): number {
  if (day < m.start_date || day > m.end_date) return 0
  return stageOn(m.stages, day)?.checkins_per_day ?? 0
}

/** doneOn counts a detail's check-ins on day. */
export function doneOn(checkins: readonly Checkin[] | null | undefined, day: string): number {
  return (checkins ?? []).filter((c) => c.day === day).length
}

/** Today's progress: done (with what the outbox still holds) against asked. */
export interface Today {
  done: number
  waiting: number
  asked: number
  /** done and waiting together reach what is asked */
  complete: boolean
}

/** today puts together today's check-ins: those the server has, those still on the phone, and the stage's ask. */
export function today(done: number, waiting: number, ask: number): Today {
  return { done, waiting, asked: ask, complete: ask > 0 && done + waiting >= ask }
}

/** testsFrom are the test days from day on, in order; testDue tells whether day is one. */
export function testsFrom(m: Pick<Measure, 'test_days'>, day: string): string[] {
  return [...new Set(m.test_days ?? [])].filter((d) => d >= day).sort()
}

export function testDue(m: Pick<Measure, 'test_days'>, day: string): boolean {
  return (m.test_days ?? []).includes(day)
}

/** isFever: the server's rule on the temperature it keeps (one decimal). */
export function isFever(t: number): boolean {
  return Math.round(t * 10) / 10 >= FEVER
}

/**
 * typeKey is the temperature text after one key of the numeric keypad: a
 * digit, '.' or 'del'. Keys that cannot make a temperature of the form
 * NN.N are ignored (a third whole digit, a second point, a second decimal).
 */
export function typeKey(text: string, key: string): string {
  if (key === 'del') return text.slice(0, -1)
  if (key === '.') return text.includes('.') || !text ? text : `${text}.`
  if (!/^\d$/.test(key)) return text
  const [whole, frac] = text.split('.')
  if (frac !== undefined) return frac.length >= 1 ? text : text + key
  return whole.length >= 2 ? text : text + key
}

/** What the person (or the grid worker for them) fills in. */
export interface CheckinForm {
  temperature: string
  symptoms: SymptomKey[]
  other: string
  testTaken: boolean
  note: string
}

export function emptyForm(): CheckinForm {
  return { temperature: '', symptoms: [], other: '', testTaken: false, note: '' }
}

/** temperatureOf reads the typed temperature; NaN when it is not NN or NN.N. */
export function temperatureOf(text: string): number {
  return /^\d{2}(\.\d)?$/.test(text.trim()) ? Number(text.trim()) : NaN
}

/** What a form still lacks, in the order it is asked; '' when it can be sent. */
export type Missing = '' | 'temperature' | 'range' | 'other'

export function formMissing(f: CheckinForm): Missing {
  if (!f.temperature.trim()) return 'temperature'
  const t = temperatureOf(f.temperature)
  if (Number.isNaN(t) || t < LOW || t > HIGH) return 'range'
  const other = f.other.trim()
  if (f.symptoms.includes('other') && (!other || [...other].length > 40)) return 'other'
  return ''
}

/** checkinBody is the JSON a check-in sends: 其他 as the text typed, the note trimmed. */
export function checkinBody(f: CheckinForm): { temperature: number; symptoms: string[]; test_taken: boolean; note?: string } {
  const symptoms = SYMPTOMS.filter((s) => f.symptoms.includes(s.key)).map((s) => (s.key === 'other' ? f.other.trim() : s.value))
  const body: ReturnType<typeof checkinBody> = { temperature: temperatureOf(f.temperature), symptoms, test_taken: f.testTaken }
  if (f.note.trim()) body.note = f.note.trim()
  return body
}

/** symptomKey is the chip a symptom as kept came from, for its words in the language shown; undefined for free text. */
export function symptomKey(value: string): SymptomKey | undefined {
  return SYMPTOMS.find((s) => s.value === value && s.key !== 'other')?.key
}

/** checkinPath is where a check-in is posted: the resident's own route, or the staff's. */
export function checkinPath(id: string, self: boolean): string {
  return `/api/v1/${self ? 'public' : 'epidemic'}/measures/${encodeURIComponent(id)}/checkins`
}

/** waitingAt counts the outbox's writes to path not yet sent (queued or on their way). */
export function waitingAt(items: readonly { path: string; state: string }[], path: string): number {
  return items.filter((x) => x.path === path && (x.state === 'queued' || x.state === 'sending')).length
}
