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

/** processed is the number of rows the job has dealt with so far (the server's total, checked). */
export function processed(j: JobProgress): number {
  return (j.imported ?? 0) + (j.updated ?? 0) + (j.rejected ?? 0)
}

/**
 * importPercent is the whole percent done, 0–100: the share of the file the
 * job has read (the server's progress, 0–1), 100 once it is finished (failed
 * ones too: the bar then turns red), and never 100 while it still runs.
 * The job's total grows as rows are read, so it is no measure of the whole.
 */
export function importPercent(j: JobProgress): number {
  if (isFinished(j.status)) return 100
  const f = j.progress && j.progress > 0 ? j.progress : 0
  return Math.min(99, Math.max(0, Math.floor(f * 100)))
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
