// Downloads through fetch, so a refusal (403, 404, an expired report) shows
// as a message instead of a page of JSON, and the session cookie applies.
import { ApiError, readCookie, type Problem } from '@/api/client'

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

/** problemOf reads an error response as a problem, whatever its body. */
export async function problemOf(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '')
  try {
    const body = JSON.parse(text) as Partial<Problem>
    if (body && typeof body === 'object') return { ...body, status: body.status || res.status }
  } catch {
    // not JSON
  }
  return { status: res.status, title: res.statusText, detail: text.slice(0, 200) || undefined }
}

/** sendForm posts multipart form data with the CSRF token and returns the JSON answer, or throws ApiError. */
export async function sendForm<T>(url: string, form: FormData, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' }
  const csrf = readCookie('hg_csrf')
  if (csrf) headers['X-CSRF-Token'] = csrf
  let res: Response
  try {
    res = await fetch(url, { method: 'POST', body: form, headers, credentials: 'same-origin', signal })
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e
    throw new ApiError({ status: 0, title: 'network', detail: '' })
  }
  if (!res.ok) throw new ApiError(await problemOf(res))
  return (await res.json()) as T
}

/** download fetches url and saves it under the server's file name (or fallback). */
export async function download(url: string, fallback: string): Promise<string> {
  let res: Response
  try {
    res = await fetch(url, { credentials: 'same-origin' })
  } catch {
    throw new ApiError({ status: 0, title: 'network', detail: '' })
  }
  if (!res.ok) throw new ApiError(await problemOf(res))
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
