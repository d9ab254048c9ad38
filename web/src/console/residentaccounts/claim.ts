// How the console weighs a resident's claim (实名认证申请) against the
// population's record of the ID number it gave: what the screen says about
// it and whether confirming can succeed.
import type { ResidentAccount } from '@/api/types'

/** The message key (under residentAccount.verdict) saying what the community should check. */
export type VerdictKey = 'name' | 'noRecord' | 'taken' | 'outOfScope'

export interface Verdict {
  /** the message key of the advice */
  key: VerdictKey
  /** the record's name is the claim's */
  sameName: boolean
  /** confirming may link the account: a record in the caller's scope */
  canConfirm: boolean
}

/** verdict weighs a claimed account; null for an account with no claim waiting. */
export function verdict(a: Pick<ResidentAccount, 'binding' | 'reason' | 'claim_name' | 'match'>): Verdict | null {
  if (a.binding !== 'claimed') return null
  const m = a.match
  if (!m) return { key: a.reason === 'no_record' ? 'noRecord' : 'outOfScope', sameName: false, canConfirm: false }
  const sameName = m.name.trim() === (a.claim_name ?? '').trim()
  if (a.reason === 'taken') return { key: 'taken', sameName, canConfirm: true }
  return { key: 'name', sameName, canConfirm: true }
}

/** The list's filters as the route takes them: empty ones left out, the search trimmed. */
export function accountQuery(f: { binding: string; status: string; q: string }) {
  const q = f.q.trim()
  return {
    binding: (f.binding || undefined) as ResidentAccount['binding'] | undefined,
    status: (f.status || undefined) as ResidentAccount['status'] | undefined,
    q: q || undefined,
  }
}
