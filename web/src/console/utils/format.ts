// Display helpers: times in Asia/Shanghai, masked personal numbers.

const shanghai = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** formatTime shows an RFC 3339 time (or Date) as "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai; "" for none. */
export function formatTime(v: string | Date | null | undefined): string {
  if (!v) return ''
  const d = v instanceof Date ? v : new Date(v)
  if (Number.isNaN(d.getTime())) return ''
  // A zero Go time ("0001-01-01T00:00:00Z") means "never".
  if (d.getUTCFullYear() <= 1) return ''
  const p: Record<string, string> = {}
  for (const part of shanghai.formatToParts(d)) p[part.type] = part.value
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

/**
 * maskPhone shows a mobile number as 138****5678. A number the server already
 * masked is shown as it is; anything else that is not 11 digits is masked but
 * for its last 4 characters.
 */
export function maskPhone(v: string | null | undefined): string {
  if (!v) return ''
  if (v.includes('*')) return v
  const s = v.replace(/\s+/g, '')
  if (/^\d{11}$/.test(s)) return `${s.slice(0, 3)}****${s.slice(7)}`
  if (s.length <= 4) return '*'.repeat(s.length)
  return '*'.repeat(s.length - 4) + s.slice(-4)
}

/** maskIdNumber shows an 18-character ID number as 140902********1234. */
export function maskIdNumber(v: string | null | undefined): string {
  if (!v) return ''
  if (v.includes('*')) return v
  if (v.length === 18) return `${v.slice(0, 6)}********${v.slice(14)}`
  if (v.length <= 4) return '*'.repeat(v.length)
  return '*'.repeat(v.length - 4) + v.slice(-4)
}

/** isMobile tells whether s is an 11-digit mainland mobile number. */
export function isMobile(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s)
}
