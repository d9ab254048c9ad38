import { describe, expect, it } from 'vitest'
import { ACCEPT, browserShows, checkFile, formatSize, kindOf, problemOf } from './attachments'

const MB = 1024 * 1024
// the server's limits, as GET /meta gives them
const limits = { attachment_image_mb: 10, attachment_video_mb: 50, attachments: 9, password_min_length: 8, password_max_length: 128, password_classes: 3 }
const MAX_IMAGE_MB = limits.attachment_image_mb
const MAX_VIDEO_MB = limits.attachment_video_mb

describe('kindOf', () => {
  it('goes by the browser’s type, or the extension when it gives none', () => {
    expect(kindOf({ name: 'a.jpg', type: 'image/jpeg' })).toBe('image')
    expect(kindOf({ name: 'clip', type: 'video/quicktime' })).toBe('video')
    // Chrome and Firefox know no type for HEIC
    expect(kindOf({ name: 'IMG_4021.HEIC', type: '' })).toBe('image')
    expect(kindOf({ name: 'VID.MOV', type: 'application/octet-stream' })).toBe('video')
  })

  it('refuses what the server refuses', () => {
    expect(kindOf({ name: 'anim.gif', type: 'image/gif' })).toBeUndefined()
    expect(kindOf({ name: 'setup.exe', type: 'application/x-msdownload' })).toBeUndefined()
    expect(kindOf({ name: 'photo.jpg', type: 'application/pdf' })).toBeUndefined()
    expect(kindOf({ name: 'jpg', type: '' })).toBeUndefined()
  })
})

describe('checkFile', () => {
  it('holds photos and videos to their own limits, as the server does', () => {
    expect(checkFile({ name: 'a.png', type: 'image/png', size: MAX_IMAGE_MB * MB }, limits)).toBeNull()
    expect(checkFile({ name: 'a.png', type: 'image/png', size: MAX_IMAGE_MB * MB + 1 }, limits)).toEqual({
      key: 'tooBig',
      params: { name: 'a.png', mb: MAX_IMAGE_MB },
    })
    expect(checkFile({ name: 'v.mp4', type: 'video/mp4', size: MAX_VIDEO_MB * MB }, limits)).toBeNull()
    expect(checkFile({ name: 'v.mp4', type: 'video/mp4', size: MAX_VIDEO_MB * MB + 1 }, limits)?.key).toBe('tooBig')
  })

  it('leaves the size to the server when its limits are unknown', () => {
    expect(checkFile({ name: 'a.png', type: 'image/png', size: 100 * MB })).toBeNull()
  })

  it('names the file it refuses', () => {
    expect(checkFile({ name: '说明.txt', type: 'text/plain', size: 10 }, limits)).toEqual({ key: 'badType', params: { name: '说明.txt' } })
    expect(checkFile({ name: 'e.jpg', type: 'image/jpeg', size: 0 }, limits)).toEqual({ key: 'empty', params: { name: 'e.jpg' } })
  })
})

describe('display', () => {
  it('previews only what every browser shows', () => {
    expect(['image/jpeg', 'image/png', 'image/webp'].every(browserShows)).toBe(true)
    expect(browserShows('image/heic')).toBe(false)
    expect(browserShows('video/mp4')).toBe(false)
  })

  it('shows sizes in KB and MB', () => {
    expect(formatSize(200)).toBe('1 KB')
    expect(formatSize(812 * 1024)).toBe('812 KB')
    expect(formatSize(3.44 * MB)).toBe('3.4 MB')
  })

  it('lets the picker offer HEIC and MOV by extension', () => {
    expect(ACCEPT.split(',')).toEqual(expect.arrayContaining(['.heic', '.mov', 'image/jpeg', 'video/mp4']))
  })
})

describe('problemOf', () => {
  it('puts the field’s message — the file and the reason — in the detail', () => {
    const body = JSON.stringify({
      status: 422,
      title: 'Unprocessable Entity',
      detail: '输入有误 / invalid input',
      errors: [{ location: 'body.file', message: '「setup.exe」的内容是Windows 程序' }],
    })
    expect(problemOf(422, 'Unprocessable Entity', body).detail).toBe('「setup.exe」的内容是Windows 程序')
  })

  it('keeps the status line of an answer that is not JSON', () => {
    expect(problemOf(502, 'Bad Gateway', '<html>')).toEqual({ status: 502, title: 'Bad Gateway' })
  })
})
