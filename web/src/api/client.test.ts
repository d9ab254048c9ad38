import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, buildURL, readCookie, request, setApiHooks } from './client'

function reply(status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return new Response(status === 204 ? null : text, { status, headers })
}

describe('buildURL', () => {
  it('fills path parameters and skips empty query values', () => {
    expect(buildURL('/api/v1/regions/{code}', { code: '140902000000' }, { geometry: true, parent: '', x: undefined })).toBe(
      '/api/v1/regions/140902000000?geometry=true',
    )
  })
  it('escapes values and repeats arrays', () => {
    expect(buildURL('/u/{id}', { id: 'a/b' }, { q: '忻 州', role: ['a', 'b'] })).toBe(
      '/u/a%2Fb?q=%E5%BF%BB+%E5%B7%9E&role=a&role=b',
    )
  })
  it('refuses a missing path parameter', () => {
    expect(() => buildURL('/u/{id}', {}, {})).toThrow(/id/)
  })
})

describe('readCookie', () => {
  it('finds one cookie among several', () => {
    expect(readCookie('hg_csrf', 'a=1; hg_csrf=tok%3D1; b=2')).toBe('tok=1')
    expect(readCookie('none', 'a=1')).toBe('')
  })
})

describe('request', () => {
  const fetchMock = vi.fn()
  const onUnauthorized = vi.fn()
  const onPending = vi.fn()

  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock)
    setApiHooks({ onUnauthorized, onPending })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    fetchMock.mockReset()
    onUnauthorized.mockReset()
    onPending.mockReset()
    document.cookie = 'hg_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT'
  })

  it('returns the JSON body of a success', async () => {
    fetchMock.mockResolvedValue(reply(200, { version: '1', demo: true }))
    await expect(request('get', '/api/v1/meta' as never)).resolves.toEqual({ version: '1', demo: true })
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/meta')
    expect(init.method).toBe('GET')
    expect(init.headers['X-CSRF-Token']).toBeUndefined()
  })

  it('sends the CSRF cookie on writes, and JSON bodies', async () => {
    document.cookie = 'hg_csrf=abc123'
    fetchMock.mockResolvedValue(reply(204, ''))
    await expect(request('post', '/api/v1/auth/logout' as never, { body: { a: 1 } } as never)).resolves.toBeUndefined()
    const [, init] = fetchMock.mock.calls[0]
    expect(init.headers['X-CSRF-Token']).toBe('abc123')
    expect(init.headers['Content-Type']).toBe('application/json')
    expect(init.body).toBe('{"a":1}')
    expect(init.credentials).toBe('same-origin')
  })

  it('turns a problem into an ApiError with field errors', async () => {
    fetchMock.mockResolvedValue(
      reply(
        422,
        {
          status: 422,
          title: 'Unprocessable Entity',
          detail: '输入有误 / invalid input',
          errors: [
            { location: 'body.username', message: 'taken' },
            { location: 'body.roles[1]', message: 'unknown role' },
            { location: 'query.size', message: 'too big' },
          ],
        },
        { 'Content-Type': 'application/problem+json' },
      ),
    )
    const err = await request('get', '/api/v1/users' as never).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(422)
    expect(err.message).toBe('输入有误 / invalid input')
    expect(err.fieldErrors).toEqual({ username: 'taken', roles: 'unknown role', size: 'too big' })
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('reads Retry-After on 429', async () => {
    fetchMock.mockResolvedValue(reply(429, { status: 429, detail: 'slow down' }, { 'Retry-After': '42' }))
    const err = await request('post', '/api/v1/auth/sms/send' as never).catch((e) => e)
    expect(err.status).toBe(429)
    expect(err.retryAfter).toBe(42)
  })

  it('runs the 401 hook unless quiet', async () => {
    fetchMock.mockImplementation(async () => reply(401, { status: 401, detail: 'login required' }))
    await request('get', '/api/v1/me' as never).catch(() => undefined)
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    await request('get', '/api/v1/me' as never, { quiet: true }).catch(() => undefined)
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })

  it('reports a pending step on those 403s only', async () => {
    fetchMock.mockResolvedValueOnce(reply(403, { status: 403, detail: 'password change required' }))
    await request('get', '/api/v1/users' as never).catch(() => undefined)
    expect(onPending).toHaveBeenLastCalledWith('password change required')
    fetchMock.mockResolvedValueOnce(reply(403, { status: 403, detail: 'totp enrolment required' }))
    await request('get', '/api/v1/users' as never).catch(() => undefined)
    expect(onPending).toHaveBeenLastCalledWith('totp enrolment required')
    fetchMock.mockResolvedValueOnce(reply(403, { status: 403, detail: 'forbidden' }))
    const err = await request('get', '/api/v1/users' as never).catch((e) => e)
    expect(err.status).toBe(403)
    expect(onPending).toHaveBeenCalledTimes(2)
  })

  it('keeps a non-JSON error body as the detail', async () => {
    fetchMock.mockResolvedValue(reply(502, 'Bad Gateway'))
    const err = await request('get', '/api/v1/meta' as never).catch((e) => e)
    expect(err.status).toBe(502)
    expect(err.problem.detail).toBe('Bad Gateway')
  })

  it('reports a network failure as status 0', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    const err = await request('get', '/api/v1/meta' as never).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.network).toBe(true)
  })
})
