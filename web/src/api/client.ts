// A small typed fetch client over the types that `npm run gen:api` generates
// from /api/openapi.json. Paths, query parameters, bodies and responses are all
// checked against the server's own description; nothing here is hand-typed.
import type { paths } from './schema'

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** The paths that have an operation for method M. */
export type PathsWith<M extends HttpMethod> = {
  [P in keyof paths]: paths[P] extends { [K in M]: infer O } ? ([O] extends [never] ? never : P) : never
}[keyof paths]

type Op<P extends keyof paths, M extends HttpMethod> = paths[P] extends { [K in M]: infer O } ? O : never
type Params<O> = O extends { parameters: infer X } ? X : never
type QueryOf<O> = Params<O> extends { query?: infer Q } ? ([Q] extends [never] ? never : Q) : never
type PathOf<O> = Params<O> extends { path?: infer Q } ? ([Q] extends [never] ? never : Q) : never
type BodyOf<O> = O extends { requestBody?: infer RB }
  ? NonNullable<RB> extends { content: { 'application/json': infer B } }
    ? B
    : never
  : never
type JSONOf<R> = R extends { content: { 'application/json': infer T } } ? T : void
type OkOf<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 | '200' | '201' | '202' ? JSONOf<R[S]> : S extends 204 | '204' ? void : never }[keyof R]
  : never

/** The success body of an operation. */
export type ResponseOf<P extends keyof paths, M extends HttpMethod> = OkOf<Op<P, M>>
/** The JSON request body of an operation. */
export type RequestOf<P extends keyof paths, M extends HttpMethod> = BodyOf<Op<P, M>>
/** The query parameters of an operation. */
export type QueryParamsOf<P extends keyof paths, M extends HttpMethod> = QueryOf<Op<P, M>>

export interface RequestOptions<O> {
  query?: QueryOf<O>
  path?: PathOf<O>
  body?: BodyOf<O>
  signal?: AbortSignal
  /** Do not run the 401 / password-change hooks (login screens expect a 401). */
  quiet?: boolean
  /** More headers, e.g. the Idempotency-Key of a write the app may retry. */
  headers?: Record<string, string>
}

/** One field error of an RFC 9457 problem; code and params word it (src/i18n/problems.ts). */
export interface FieldProblem {
  location?: string
  message?: string
  value?: unknown
  code?: string
  params?: Record<string, unknown> | null
}

/**
 * The application/problem+json body every error carries: code (one of
 * problem-codes.json) and params word it in the user's language; detail is
 * the server's own wording.
 */
export interface Problem {
  status: number
  title?: string
  detail?: string
  code?: string
  params?: Record<string, unknown> | null
  errors?: FieldProblem[] | null
}

/** ApiError is any non-2xx answer, or a request that never got one (status 0). */
export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem
  /** Seconds from a Retry-After header (429), if any. */
  readonly retryAfter?: number

  constructor(problem: Problem, retryAfter?: number) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`)
    this.name = 'ApiError'
    this.status = problem.status
    this.problem = problem
    this.retryAfter = retryAfter
  }

  /** True when the request never reached the server. */
  get network(): boolean {
    return this.status === 0
  }

  /**
   * Field errors keyed by the field name: "body.username" → "username",
   * "body.roles[0]" → "roles", "query.size" → "size".
   */
  get fieldErrors(): Record<string, string> {
    return this.fieldErrorsWith((e) => e.message ?? '')
  }

  /** fieldErrors with each error worded by word (the console's translation). */
  fieldErrorsWith(word: (e: FieldProblem) => string): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.problem.errors ?? []) {
      if (!e.location || !e.message) continue
      const field = e.location
        .replace(/^(body|query|path|header)\./, '')
        .replace(/\[\d+\].*$/, '')
        .split('.')[0]
      if (field && !(field in out)) out[field] = word(e) || e.message
    }
    return out
  }
}

/** Hooks the app installs so that any request can send the user to a page. */
export interface ApiHooks {
  onUnauthorized?: () => void
  /** A 403 whose detail names a step the user must take first (see PENDING_STEPS). */
  onPending?: (step: PendingStep) => void
}

const hooks: ApiHooks = {}

/** setApiHooks installs the navigation hooks (see ApiHooks). */
export function setApiHooks(h: ApiHooks): void {
  hooks.onUnauthorized = h.onUnauthorized
  hooks.onPending = h.onPending
}

/** The 403 detail when the password must change before anything else. */
export const PASSWORD_CHANGE_REQUIRED = 'password change required'
/** The 403 detail when a second factor must be enrolled before anything else. */
export const TOTP_ENROLMENT_REQUIRED = 'totp enrolment required'
/** Steps the server may require before any other route (also /me's `pending`). */
export const PENDING_STEPS = [PASSWORD_CHANGE_REQUIRED, TOTP_ENROLMENT_REQUIRED] as const
export type PendingStep = (typeof PENDING_STEPS)[number]

/** pendingStep tells whether a problem detail names a pending step. */
export function pendingStep(detail: string | undefined | null): PendingStep | undefined {
  return PENDING_STEPS.find((s) => s === detail)
}

/** readCookie returns one cookie's value from document.cookie. */
export function readCookie(name: string, cookies: string = globalThis.document?.cookie ?? ''): string {
  for (const part of cookies.split(';')) {
    const i = part.indexOf('=')
    if (i < 0) continue
    if (part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim())
  }
  return ''
}

/** buildURL fills {name} path parameters and appends the query string. */
export function buildURL(
  path: string,
  pathParams?: Record<string, unknown>,
  query?: Record<string, unknown>,
): string {
  let url = path.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = pathParams?.[k]
    if (v === undefined || v === null) throw new Error(`missing path parameter ${k} for ${path}`)
    return encodeURIComponent(String(v))
  })
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) v.forEach((x) => qs.append(k, String(x)))
    else qs.append(k, String(v))
  }
  const s = qs.toString()
  if (s) url += (url.includes('?') ? '&' : '?') + s
  return url
}

/** parseProblem reads an error answer as a problem, whatever its body. */
export async function parseProblem(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '')
  if (text) {
    try {
      const body = JSON.parse(text) as Partial<Problem>
      if (body && typeof body === 'object') return { ...body, status: body.status || res.status }
    } catch {
      // not JSON: fall through to the status line
    }
  }
  return { status: res.status, title: res.statusText, detail: text.slice(0, 200) || undefined }
}

function parseRetryAfter(res: Response): number | undefined {
  const h = res.headers.get('Retry-After')
  if (!h) return undefined
  const n = Number(h)
  if (Number.isFinite(n)) return n
  const t = Date.parse(h)
  return Number.isNaN(t) ? undefined : Math.max(0, Math.ceil((t - Date.now()) / 1000))
}

function baseHeaders(method: HttpMethod, extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...extra }
  if (method !== 'get') {
    const csrf = readCookie('hg_csrf')
    if (csrf) headers['X-CSRF-Token'] = csrf
  }
  return headers
}

/** request sends one API call and returns its typed JSON body, or throws ApiError. */
export async function request<M extends HttpMethod, P extends PathsWith<M>>(
  method: M,
  path: P,
  opts: RequestOptions<Op<P, M>> = {},
): Promise<ResponseOf<P, M>> {
  const url = buildURL(
    path as string,
    opts.path as Record<string, unknown> | undefined,
    opts.query as Record<string, unknown> | undefined,
  )
  const headers = baseHeaders(method, opts.headers)
  let body: string | undefined
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }

  let res: Response
  try {
    res = await fetch(url, {
      method: method.toUpperCase(),
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e
    throw new ApiError({ status: 0, title: 'network', detail: '' })
  }

  if (!res.ok) {
    const err = new ApiError(await parseProblem(res), parseRetryAfter(res))
    if (!opts.quiet) {
      if (err.status === 401) hooks.onUnauthorized?.()
      else if (err.status === 403) {
        const step = pendingStep(err.problem.detail)
        if (step) hooks.onPending?.(step)
      }
    }
    throw err
  }
  if (res.status === 204) return undefined as ResponseOf<P, M>
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as ResponseOf<P, M>
}

/** GET */
export function get<P extends PathsWith<'get'>>(path: P, opts?: RequestOptions<Op<P, 'get'>>) {
  return request('get', path, opts)
}
/** POST */
export function post<P extends PathsWith<'post'>>(path: P, opts?: RequestOptions<Op<P, 'post'>>) {
  return request('post', path, opts)
}
/** PUT */
export function put<P extends PathsWith<'put'>>(path: P, opts?: RequestOptions<Op<P, 'put'>>) {
  return request('put', path, opts)
}
/** PATCH */
export function patch<P extends PathsWith<'patch'>>(path: P, opts?: RequestOptions<Op<P, 'patch'>>) {
  return request('patch', path, opts)
}
/** DELETE */
export function del<P extends PathsWith<'delete'>>(path: P, opts?: RequestOptions<Op<P, 'delete'>>) {
  return request('delete', path, opts)
}

/**
 * sendForm posts multipart form data (an upload, an import) with the CSRF
 * token and returns the JSON answer, or throws ApiError.
 */
export async function sendForm<T>(
  url: string,
  form: FormData,
  opts: { signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<T> {
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      body: form,
      headers: baseHeaders('post', opts.headers),
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e
    throw new ApiError({ status: 0, title: 'network', detail: '' })
  }
  if (!res.ok) throw new ApiError(await parseProblem(res), parseRetryAfter(res))
  return (await res.json()) as T
}
