// Downloads through fetch, so a refusal (403, 404, an expired report) shows
// as a message instead of a page of JSON, and the session cookie applies.
import { ApiError, parseProblem } from '@/api/client'

/**
 * filenameOf reads the file name from a Content-Disposition header,
 * preferring the RFC 5987 filename*=UTF-8''… form that carries Chinese names.
 */
export function filenameOf(disposition: string | null | undefined, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))
    } catch {
      // a broken escape: try the plain form
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(disposition)
  const name = (plain?.[2] ?? plain?.[1] ?? '').trim()
  return name || fallback
}

/** download fetches url and saves it under the server's file name (or fallback). */
export async function download(url: string, fallback: string): Promise<string> {
  let res: Response
  try {
    res = await fetch(url, { credentials: 'same-origin' })
  } catch {
    throw new ApiError({ status: 0, title: 'network', detail: '' })
  }
  if (!res.ok) throw new ApiError(await parseProblem(res))
  const name = filenameOf(res.headers.get('Content-Disposition'), fallback)
  const blob = await res.blob()
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = name
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
  return name
}
