// How an import job's state is shown: percent, tag colour, and when to stop polling.

/** The fields of an import job these helpers read. */
export interface JobProgress {
  status: string
  total?: number | null
  imported?: number | null
  updated?: number | null
  rejected?: number | null
  progress?: number | null
}

/** The statuses after which a job never changes again. */
export const FINAL_STATUSES = ['done', 'failed'] as const

/** isFinished tells whether polling can stop. */
export function isFinished(status: string | undefined): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status ?? '')
}

/** processed is the number of rows the job has dealt with so far. */
export function processed(j: JobProgress): number {
  return (j.imported ?? 0) + (j.updated ?? 0) + (j.rejected ?? 0)
}

/**
 * importPercent is the whole percent done, 0–100. A finished job is 100
 * (failed ones included: the bar then turns red). Otherwise the rows dealt with
 * out of the total, or the server's progress (a fraction 0–1) before the total
 * is known. It never shows 100 for a job still running.
 */
export function importPercent(j: JobProgress): number {
  if (isFinished(j.status)) return 100
  let f = 0
  if (j.total && j.total > 0) f = processed(j) / j.total
  else if (j.progress && j.progress > 0) f = j.progress > 1 ? j.progress / 100 : j.progress
  return Math.min(99, Math.max(0, Math.floor(f * 100)))
}

/** The el-tag type of each status. */
export function statusTagType(status: string): 'info' | 'primary' | 'success' | 'danger' | 'warning' {
  switch (status) {
    case 'queued':
      return 'info'
    case 'running':
      return 'primary'
    case 'done':
      return 'success'
    case 'failed':
      return 'danger'
    default:
      return 'info'
  }
}

/**
 * progressStatus is the el-progress colour: red for failed, orange for done
 * with rejected rows, green for a clean finish, the default blue while it runs.
 */
export function progressStatus(j: JobProgress): '' | 'success' | 'warning' | 'exception' {
  if (j.status === 'failed') return 'exception'
  if (j.status !== 'done') return ''
  return (j.rejected ?? 0) > 0 ? 'warning' : 'success'
}

/** pollDelay is how long to wait before the n-th poll (from 0): quick at first, then every 2 s. */
export function pollDelay(n: number): number {
  return n < 10 ? 500 : 2000
}

/** durationSeconds is the whole seconds from one RFC 3339 time to another, or undefined. */
export function durationSeconds(from?: string | null, to?: string | null): number | undefined {
  if (!from || !to) return undefined
  const a = Date.parse(from)
  const b = Date.parse(to)
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return undefined
  return Math.round((b - a) / 1000)
}
