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

/** passwordProblems lists the unmet rules as i18n keys; empty when the password is acceptable. */
export function passwordProblems(pw: string): string[] {
  const out: string[] = []
  if ([...pw].length < 8) out.push('policy.length')
  if (passwordClasses(pw) < 3) out.push('policy.classes')
  return out
}
