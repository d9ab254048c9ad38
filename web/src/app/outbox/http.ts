// The outbox's way to the server: photos through POST /api/v1/attachments,
// the write itself as JSON, each with its Idempotency-Key and the CSRF
// token. Quiet: a 401 here pauses the queue (queue.ts) rather than sending
// the user to the sign-in page from under what they are doing.
import { request, sendForm, type PathsWith } from '@/api/client'
import type { Transport } from './queue'

const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
}

/** fileName names an upload: a File keeps its own name, a compressed Blob gets one from its type. */
export function fileName(photo: Blob, key: string): string {
  if (typeof File !== 'undefined' && photo instanceof File && photo.name) return photo.name
  return `${key.slice(-12)}.${EXT[photo.type] ?? 'jpg'}`
}

export const httpTransport: Transport = {
  async upload(photo, key) {
    const form = new FormData()
    form.append('file', photo, fileName(photo, key))
    const up = await sendForm<{ id: string }>('/api/v1/attachments', form, { headers: { 'Idempotency-Key': key } })
    return up.id
  },
  async send(path, body, key) {
    // the path is filled in by the screen (/api/v1/events/42/actions): no template to type it against
    const answer = await request('post', path as PathsWith<'post'>, { body: body as never, headers: { 'Idempotency-Key': key }, quiet: true })
    return (answer ?? undefined) as Record<string, unknown> | undefined
  },
}
