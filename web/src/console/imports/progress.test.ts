import { describe, expect, it } from 'vitest'
import { durationSeconds, importPercent, isFinished, pollDelay, processed, progressStatus } from './progress'
import { statusType } from '../utils/statuses'

describe('importPercent', () => {
  it('is the share of the file read', () => {
    expect(importPercent({ status: 'running', total: 200, imported: 50, progress: 0.25 })).toBe(25)
    expect(importPercent({ status: 'running', progress: 0.333 })).toBe(33)
    expect(importPercent({ status: 'queued' })).toBe(0)
    expect(importPercent({ status: 'queued', progress: null })).toBe(0)
  })
  it('does not take the running total for the whole', () => {
    // total counts the rows dealt with so far: 10 of 10 is not "all done"
    expect(importPercent({ status: 'running', total: 10, imported: 10, progress: 0.1 })).toBe(10)
  })
  it('shows 100 only when finished', () => {
    expect(importPercent({ status: 'running', progress: 1 })).toBe(99)
    expect(importPercent({ status: 'done', total: 10, imported: 7, progress: 1 })).toBe(100)
    expect(importPercent({ status: 'failed', total: 10, imported: 2, progress: 0.2 })).toBe(100)
  })
  it('never leaves 0–100', () => {
    expect(importPercent({ status: 'running', progress: 7 })).toBe(99)
    expect(importPercent({ status: 'running', progress: -3 })).toBe(0)
  })
})

describe('status helpers', () => {
  it('knows when to stop polling', () => {
    expect(isFinished('done')).toBe(true)
    expect(isFinished('failed')).toBe(true)
    expect(isFinished('running')).toBe(false)
    expect(isFinished('queued')).toBe(false)
    expect(isFinished(undefined)).toBe(false)
  })
  it('colours tags and bars', () => {
    expect(statusType('import', 'queued')).toBe('info')
    expect(statusType('import', 'running')).toBe('primary')
    expect(statusType('import', 'done')).toBe('success')
    expect(statusType('import', 'failed')).toBe('danger')
    expect(progressStatus({ status: 'running' })).toBe('')
    expect(progressStatus({ status: 'done', rejected: 0 })).toBe('success')
    expect(progressStatus({ status: 'done', rejected: 2 })).toBe('warning')
    expect(progressStatus({ status: 'failed' })).toBe('exception')
  })
  it('adds up the rows', () => {
    expect(processed({ status: 'done', imported: 3, updated: 1, rejected: 2 })).toBe(6)
    expect(processed({ status: 'queued', imported: null })).toBe(0)
  })
  it('polls quickly first, then slower', () => {
    expect(pollDelay(0)).toBe(500)
    expect(pollDelay(30)).toBe(2000)
  })
  it('measures a run', () => {
    expect(durationSeconds('2026-11-24T00:00:00Z', '2026-11-24T00:01:05Z')).toBe(65)
    expect(durationSeconds('2026-11-24T00:00:00Z', null)).toBeUndefined()
    expect(durationSeconds('2026-11-24T00:01:00Z', '2026-11-24T00:00:00Z')).toBeUndefined()
  })
})
