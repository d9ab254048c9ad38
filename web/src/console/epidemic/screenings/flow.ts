// A risk person's verification (排查) as the server's state table has it
// (internal/epidemic/flow.go): which action applies in which state, where
// it leads and what it takes. The server's allowed_actions is the truth
// for a person as last read; this table answers what a write still waiting
// on the phone has made of them, and whether such a write still applies.

/** The states, in the order the persons list sorts them. */
export const STATES = ['assigned', 'visited', 'verified', 'decided', 'reported'] as const
export type PersonState = (typeof STATES)[number]

/** The actions a caller takes on a person, in the order they are offered. */
export const ACTIONS = ['visit', 'verify', 'decide', 'report'] as const
export type PersonAction = (typeof ACTIONS)[number]

export const OUTCOMES = ['found', 'not_found', 'moved_out', 'already_controlled'] as const
export type Outcome = (typeof OUTCOMES)[number]

export const MEASURES = ['centralised_isolation', 'home_isolation', 'home_monitoring', 'none'] as const

const FLOW: Record<PersonAction, { from: readonly PersonState[]; to: PersonState; perm: string }> = {
  visit: { from: ['assigned'], to: 'visited', perm: 'epidemic:verify' },
  verify: { from: ['assigned', 'visited'], to: 'verified', perm: 'epidemic:verify' },
  decide: { from: ['verified'], to: 'decided', perm: 'epidemic:write' },
  report: { from: ['verified', 'decided'], to: 'reported', perm: 'epidemic:verify' },
}

/** What the table reads of a person. */
export interface Standing {
  state: string
  pooled: boolean
  merged_into?: string
}

/** allows tells whether the table lets a caller with can take action on p. */
export function allows(p: Standing, action: PersonAction, can: (perm: string) => boolean): boolean {
  const st = FLOW[action]
  return can(st.perm) && !p.merged_into && !p.pooled && st.from.includes(p.state as PersonState)
}

/** allowedActions are the actions the table lets the caller take on p, in order. */
export function allowedActions(p: Standing, can: (perm: string) => boolean): PersonAction[] {
  return ACTIONS.filter((a) => allows(p, a, can))
}

/** after is the state action leads to. */
export function after(action: PersonAction): PersonState {
  return FLOW[action].to
}

/** isAction tells an action's name from any string (an outbox item's path). */
export function isAction(s: string): s is PersonAction {
  return (ACTIONS as readonly string[]).includes(s)
}

/**
 * pending is the person as the writes still waiting (oldest first) will
 * leave them: each write the table allows moves the state on; one it
 * refuses leaves it (the server will refuse it too).
 */
export function pending<P extends Standing>(p: P, waiting: readonly PersonAction[]): P {
  let out = p
  for (const a of waiting) {
    if (FLOW[a].from.includes(out.state as PersonState) && !out.pooled && !out.merged_into) out = { ...out, state: FLOW[a].to }
  }
  return out
}

/** verifyMissing names the field a verification still lacks, or ''. */
export function verifyMissing(f: { outcome: string; destination: string }): '' | 'outcome' | 'destination' {
  if (!f.outcome) return 'outcome'
  if (f.outcome === 'moved_out' && !f.destination.trim()) return 'destination'
  return ''
}

/** STATE_TAGS colour each state's tag. */
export const STATE_TAGS: Record<PersonState, 'warning' | 'primary' | 'success' | 'info'> = {
  assigned: 'warning',
  visited: 'primary',
  verified: 'success',
  decided: 'success',
  reported: 'info',
}
