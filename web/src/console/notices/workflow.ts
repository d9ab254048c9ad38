// Which workflow steps the console offers on a notice, for whom: the server
// decides (internal/notice/workflow.go); this only keeps the buttons to the
// ones it would accept, and says why approving is not offered.
import type { Notice } from '@/api/types'

/** A step a button takes: the edits of a draft and the moves between statuses. */
export type NoticeAction = 'edit' | 'delete' | 'submit' | 'approve' | 'reject' | 'withdraw'

/** Why a pending notice shows no approve button: a message key under notice.why. */
export type ReviewBlock = 'ownReview' | 'noReview'

export interface Viewer {
  userId: string
  canWrite: boolean
  canReview: boolean
}

export interface NoticeSteps {
  actions: NoticeAction[]
  /** set when the notice waits for a review the viewer may not give */
  blocked?: ReviewBlock
}

/** The steps that ask for a reason the server requires. */
export const NEEDS_REASON: readonly NoticeAction[] = ['reject', 'withdraw']

/** noticeSteps is what the viewer may do to n now. */
export function noticeSteps(n: Pick<Notice, 'status' | 'author_id'>, v: Viewer): NoticeSteps {
  switch (n.status) {
    case 'draft':
      return { actions: v.canWrite ? ['edit', 'submit', 'delete'] : [] }
    case 'pending':
      if (!v.canReview) return { actions: [], blocked: 'noReview' }
      if (n.author_id === v.userId) return { actions: [], blocked: 'ownReview' }
      return { actions: ['approve', 'reject'] }
    case 'published':
      return { actions: v.canWrite ? ['withdraw'] : [] }
    default:
      return { actions: [] }
  }
}

/** paragraphs splits a plain-text body into its paragraphs: blank lines part them. */
export function paragraphs(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
}

/** readShare is a region's reads as a percentage of the largest of its siblings (for the bars). */
export function readShares(items: { read: number }[]): number[] {
  const top = Math.max(0, ...items.map((i) => i.read))
  return items.map((i) => (top ? Math.round((i.read / top) * 100) : 0))
}
