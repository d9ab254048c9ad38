// National ID numbers per GB 11643-1999, checked in the browser for a quick
// answer; the server's internal/pii/id.go applies the same rules and decides.

/** The ISO 7064 MOD 11-2 weights 2^(17-i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** Valid first two digits (GB/T 2260 provinces, 71 Taiwan, 81 HK, 82 Macao, 83 residence permits). */
const PROVINCES = new Set<number>()
for (const [a, b] of [[11, 15], [21, 23], [31, 37], [41, 46], [50, 54], [61, 65], [71, 71], [81, 83]]) {
  for (let p = a; p <= b; p++) PROVINCES.add(p)
}

/** Why a number is not a valid ID number; each is an i18n key under `idcard.`. */
export type IdProblem = 'length' | 'format' | 'region' | 'birthDate' | 'checksum'

/** What a valid ID number says about its holder. */
export interface IdInfo {
  /** Normalised: 18 characters, upper-case X. */
  number: string
  /** YYYY-MM-DD */
  birthDate: string
  gender: 'male' | 'female'
  /** The 6-digit address code. */
  regionCode: string
}

export type IdResult = { ok: true; info: IdInfo } | { ok: false; problem: IdProblem }

/** idCheckDigit is the check character for 17 digits, or '' when first17 is not 17 digits. */
export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) return ''
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

/** normalizeIdNumber folds full-width digits and x, trims, and upper-cases. */
export function normalizeIdNumber(s: string): string {
  return s
    .replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .trim()
    .toUpperCase()
}

/** Today's civil date in Beijing time as YYYYMMDD. */
function beijingToday(now: Date): string {
  const d = new Date(now.getTime() + 8 * 3600 * 1000)
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`
}

/**
 * checkIdNumber validates an 18-character ID number: format, province,
 * birth date (a real date from 1800 to today in Beijing) and check digit.
 */
export function checkIdNumber(raw: string, now: Date = new Date()): IdResult {
  const s = normalizeIdNumber(raw)
  if ([...s].length !== 18) return { ok: false, problem: 'length' }
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, problem: 'format' }
  if (!PROVINCES.has(Number(s.slice(0, 2)))) return { ok: false, problem: 'region' }
  const y = Number(s.slice(6, 10))
  const m = Number(s.slice(10, 12))
  const d = Number(s.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1800) {
    return { ok: false, problem: 'birthDate' }
  }
  if (s.slice(6, 14) > beijingToday(now)) return { ok: false, problem: 'birthDate' }
  if (idCheckDigit(s.slice(0, 17)) !== s[17]) return { ok: false, problem: 'checksum' }
  return {
    ok: true,
    info: {
      number: s,
      birthDate: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`,
      gender: Number(s[16]) % 2 === 1 ? 'male' : 'female',
      regionCode: s.slice(0, 6),
    },
  }
}

/** ageOn is the age in whole years on a day (YYYY-MM-DD), or undefined for a bad date. */
export function ageOn(birthDate: string, now: Date = new Date()): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate)
  if (!m) return undefined
  const today = beijingToday(now)
  const ty = Number(today.slice(0, 4))
  let age = ty - Number(m[1])
  if (today.slice(4) < m[2] + m[3]) age--
  return age >= 0 ? age : undefined
}
