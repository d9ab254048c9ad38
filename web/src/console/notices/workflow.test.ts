import { describe, expect, it } from 'vitest'
import { noticeSteps, paragraphs, readShares } from './workflow'

const writer = { userId: 'u1', canWrite: true, canReview: false }
const reviewer = { userId: 'u2', canWrite: true, canReview: true }

describe('noticeSteps', () => {
  it('lets a writer edit, submit and delete a draft; a reader nothing', () => {
    expect(noticeSteps({ status: 'draft', author_id: 'u1' }, writer).actions).toEqual(['edit', 'submit', 'delete'])
    expect(noticeSteps({ status: 'draft', author_id: 'u1' }, { userId: 'u3', canWrite: false, canReview: true }).actions).toEqual([])
  })
  it('lets a reviewer other than the author approve or reject', () => {
    expect(noticeSteps({ status: 'pending', author_id: 'u1' }, reviewer)).toEqual({ actions: ['approve', 'reject'] })
  })
  it('says why the author may not approve their own notice', () => {
    expect(noticeSteps({ status: 'pending', author_id: 'u2' }, reviewer)).toEqual({ actions: [], blocked: 'ownReview' })
  })
  it('says a writer without the review permission waits for a reviewer', () => {
    expect(noticeSteps({ status: 'pending', author_id: 'u1' }, writer)).toEqual({ actions: [], blocked: 'noReview' })
  })
  it('offers withdraw on a published notice only, and nothing on a withdrawn one', () => {
    expect(noticeSteps({ status: 'published', author_id: 'u1' }, writer).actions).toEqual(['withdraw'])
    expect(noticeSteps({ status: 'withdrawn', author_id: 'u1' }, reviewer).actions).toEqual([])
  })
})

describe('paragraphs', () => {
  it('parts the body on blank lines and keeps single line breaks', () => {
    expect(paragraphs('一段\n续行\n\n  \n二段\n')).toEqual(['一段\n续行', '二段'])
  })
})

describe('readShares', () => {
  it('scales reads to the largest sibling', () => {
    expect(readShares([{ read: 5 }, { read: 10 }, { read: 0 }])).toEqual([50, 100, 0])
    expect(readShares([{ read: 0 }])).toEqual([0])
    expect(readShares([])).toEqual([])
  })
})
