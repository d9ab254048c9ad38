// The password policy the server enforces, checked early for a quick answer.

/** The classes a password draws from. */
export function passwordClasses(pw: string): number {
  let n = 0
  if (/[a-z]/.test(pw)) n++
  if (/[A-Z]/.test(pw)) n++
  if (/\d/.test(pw)) n++
  if (/[^a-zA-Z\d]/.test(pw)) n++
  return n
}

/** The server's policy, as GET /meta gives it. */
export interface Policy {
  password_min_length: number
  password_classes: number
}

/** passwordProblems lists the unmet rules as i18n keys; empty when the password is acceptable, or the policy unknown (the server then decides). */
export function passwordProblems(pw: string, policy?: Policy): string[] {
  const out: string[] = []
  if (!policy) return out
  if ([...pw].length < policy.password_min_length) out.push('policy.length')
  if (passwordClasses(pw) < policy.password_classes) out.push('policy.classes')
  return out
}
