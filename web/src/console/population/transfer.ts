// Transfer requests (迁入申请) as the console sees them: recognising the
// server's refusal of a registration for scope, and the draft it offers to
// turn into a request.
import { ApiError } from '@/api/client'
import type { TRANSFER_STATUSES } from '@/api/enums'

/** The words the server's refusal for scope always carries (internal/population: ErrRegisterElsewhere). */
export const REFUSAL_MARK = 'file a transfer'

/** isScopeRefusal tells whether err is a registration refused for scope: file a transfer instead. */
export function isScopeRefusal(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409 && (err.problem.detail ?? '').includes(REFUSAL_MARK)
}

/** What a new transfer request starts from: the refused registration's person and grid. */
export interface TransferDraft {
  id_number: string
  name: string
  grid_code: string
}

/** The statuses of a request, as the server lists them. */
export { TRANSFER_STATUSES } from '@/api/enums'
export type TransferStatus = (typeof TRANSFER_STATUSES)[number]

