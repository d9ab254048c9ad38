// What the measures pages share: the kinds in order, the changes a measure
// takes with a reason, and the body each change sends.
export const KINDS = ['centralised_isolation', 'home_isolation', 'home_monitoring'] as const
export type Kind = (typeof KINDS)[number]

export type ChangeMode = 'extend' | 'change' | 'release'

/** changeBody is the request body of a change: the reason, trimmed, and what the mode needs. */
export function changeBody(mode: ChangeMode, f: { reason: string; exposure_date: string; kind: string }) {
  const reason = f.reason.trim()
  if (mode === 'extend') return { reason, exposure_date: f.exposure_date }
  if (mode === 'change') return { reason, kind: f.kind as Kind }
  return { reason }
}

/** symptomList splits what was typed into symptoms: by commas (either width) or 、, blanks dropped. */
export function symptomList(s: string): string[] {
  return s
    .split(/[,，、]/)
    .map((x) => x.trim())
    .filter(Boolean)
}
