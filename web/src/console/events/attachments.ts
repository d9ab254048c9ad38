// Photos and short videos on reports and actions: what the upload control
// lets through before the server looks (internal/files: the server decides
// by the file's first bytes, and has the last word), and the upload itself.
import { ApiError, readCookie, type Problem, type ResponseOf } from '@/api/client'
import type { Meta } from '@/api/types'

/** An upload as the server keeps it. */
export type Upload = ResponseOf<'/api/v1/attachments', 'post'>

/** The server's limits (GET /meta): sizes in MB and how many files one report or action carries. */
export type Limits = Meta['limits']

const IMAGE_EXTS = ['jpg', 'jpeg', 'jfif', 'png', 'webp', 'heic', 'heif']
const VIDEO_EXTS = ['mp4', 'm4v', 'mov', 'qt']
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif']
const VIDEO_TYPES = ['video/mp4', 'video/quicktime']

/** What the file picker offers. */
export const ACCEPT = [...IMAGE_TYPES, ...VIDEO_TYPES, ...[...IMAGE_EXTS, ...VIDEO_EXTS].map((e) => `.${e}`)].join(',')

/** kindOf tells a photo from a video by its type or, when the browser gives none (HEIC), its extension. */
export function kindOf(file: { name: string; type?: string }): 'image' | 'video' | undefined {
  const type = (file.type ?? '').toLowerCase()
  if (IMAGE_TYPES.includes(type)) return 'image'
  if (VIDEO_TYPES.includes(type)) return 'video'
  if (type && type !== 'application/octet-stream') return undefined
  const ext = file.name.toLowerCase().split('.').pop() ?? ''
  if (file.name.includes('.') && IMAGE_EXTS.includes(ext)) return 'image'
  if (file.name.includes('.') && VIDEO_EXTS.includes(ext)) return 'video'
  return undefined
}

/** A refusal: an i18n key under eventAttachments and its parameters. */
export interface Refusal {
  key: 'badType' | 'tooBig' | 'empty'
  params: Record<string, string | number>
}

/** checkFile is null for a file worth sending, else why not; without the server's limits, the size is the server's to judge. */
export function checkFile(file: { name: string; type?: string; size: number }, limits?: Limits): Refusal | null {
  const kind = kindOf(file)
  if (!kind) return { key: 'badType', params: { name: file.name } }
  if (file.size === 0) return { key: 'empty', params: { name: file.name } }
  if (!limits) return null
  const mb = kind === 'image' ? limits.attachment_image_mb : limits.attachment_video_mb
  if (file.size > mb * 1024 * 1024) return { key: 'tooBig', params: { name: file.name, mb } }
  return null
}

/** isImage / isVideo read a kept attachment's (sniffed) content type. */
export const isImage = (contentType: string) => contentType.startsWith('image/')
export const isVideo = (contentType: string) => contentType.startsWith('video/')
/** browserShows: HEIC/HEIF shows in Safari only, so the others get a placeholder and a link. */
export const browserShows = (contentType: string) => ['image/jpeg', 'image/png', 'image/webp'].includes(contentType)

/** formatSize shows bytes as 812 KB or 3.4 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** What upload reports back. */
export interface UploadHandlers {
  progress?: (percent: number) => void
  done: (u: Upload) => void
  fail: (e: ApiError) => void
}

/** problemOf reads an error answer; a field's message (naming the file and why) becomes the detail. */
export function problemOf(status: number, statusText: string, text: string): Problem {
  let problem: Problem = { status, title: statusText }
  try {
    problem = { ...problem, ...(JSON.parse(text) as Problem), status }
  } catch {
    // not JSON: keep the status line
  }
  const field = problem.errors?.find((e) => e.message)?.message
  if (field) problem.detail = field
  return problem
}

/**
 * upload sends one file as multipart/form-data, with the CSRF token the API
 * wants of a cookie session. It returns the request, which el-upload aborts
 * when the file is removed mid-way.
 */
export function upload(file: File, h: UploadHandlers): XMLHttpRequest {
  const xhr = new XMLHttpRequest()
  xhr.open('POST', '/api/v1/attachments')
  xhr.setRequestHeader('Accept', 'application/json, application/problem+json')
  const csrf = readCookie('hg_csrf')
  if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf)
  xhr.upload.onprogress = (e) => e.lengthComputable && h.progress?.(Math.round((e.loaded / e.total) * 100))
  xhr.onload = () => {
    if (xhr.status >= 200 && xhr.status < 300) h.done(JSON.parse(xhr.responseText) as Upload)
    else h.fail(new ApiError(problemOf(xhr.status, xhr.statusText, xhr.responseText)))
  }
  xhr.onerror = () => h.fail(new ApiError({ status: 0, title: 'network', detail: '' }))
  const body = new FormData()
  body.append('file', file, file.name)
  xhr.send(body)
  return xhr
}
