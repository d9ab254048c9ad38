// The labels of the workflow's codes: every code named in both languages,
// the run-time message keys the screens build present, the colours right.
import { afterEach, describe, expect, it } from 'vitest'
import { i18n, messages } from '@/i18n'
import { statusType } from '../utils/statuses'
import { ACTION_SPECS } from './actions'
import {
  ACTIONS,
  EVENT_STATUSES,
  LABEL_NS,
  PRIORITIES,
  SOURCES,
  TASK_ROLES,
  TASK_STATUSES,
  TIMELINE_ONLY,
  actionButton,
  label,
} from './labels'

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((t, k) => (t && typeof t === 'object' ? (t as Record<string, unknown>)[k] : undefined), tree)
}

const RUNTIME_KEYS = [
  ...EVENT_STATUSES.map((s) => `${LABEL_NS.status}.${s}`),
  ...TASK_STATUSES.map((s) => `${LABEL_NS.task}.${s}`),
  ...TASK_ROLES.map((r) => `${LABEL_NS.role}.${r}`),
  ...SOURCES.map((s) => `${LABEL_NS.source}.${s}`),
  ...PRIORITIES.map((p) => `${LABEL_NS.priority}.${p}`),
  ...[...ACTIONS, ...TIMELINE_ONLY].map((a) => `${LABEL_NS.action}.${a}`),
  ...ACTIONS.map((a) => `eventActionHint.${a}`),
  ...ACTIONS.filter((a) => ACTION_SPECS[a].deadline).map((a) => `eventActionForm.deadlineOf.${a}`),
  ...[1, 2, 3, 4, 5].map((n) => `eventRating.${n}`),
  ...['dispatch', 'verify', 'task', 'report'].map((k) => `eventDeadline.kind.${k}`),
  ...['returned', 'reopened', 'supervised'].map((k) => `eventCounts.${k}`),
  ...['lead', 'co'].map((k) => `eventUnits.suggested.${k}`),
  ...['register', 'close'].map((k) => `eventMatter.${k}`),
  ...['task', 'unit', 'level', 'lead_units', 'co_units', 'deadline', 'into', 'report', 'suspended_since'].map((k) => `eventTimeline.${k}`),
]

describe('event labels', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN'
  })

  for (const locale of ['zh-CN', 'en'] as const) {
    it(`has every run-time key in ${locale}`, () => {
      expect(RUNTIME_KEYS.filter((k) => typeof lookup(messages[locale], k) !== 'string')).toEqual([])
    })
  }

  it('names codes the way a 卫健委 officer reads them', () => {
    expect(label('status', 'pending_verify')).toBe('待核查')
    expect(label('task', 'dispatched')).toBe('待签收')
    expect(label('role', 'lead')).toBe('主办')
    expect(label('source', 'hotline_12345')).toBe('12345热线')
    expect(label('action', 'whistle')).toBe('吹哨')
    expect(label('action', 'merged_in')).toBe('并入报告')
  })

  it('follows the language', () => {
    i18n.global.locale.value = 'en'
    expect(label('status', 'closed')).toBe('Closed')
    expect(label('role', 'co')).toBe('Co-handler')
  })

  it('shows an unknown code as it is, and nothing for none', () => {
    expect(label('action', 'sms_sent')).toBe('sms_sent')
    expect(label('status', '')).toBe('')
    expect(label('status', undefined)).toBe('')
  })

  it('gives every status a colour, and a neutral one to the unknown', () => {
    for (const s of EVENT_STATUSES) expect(statusType('event', s)).toMatch(/^(primary|success|warning|danger|info)$/)
    for (const s of TASK_STATUSES) expect(statusType('task', s)).toMatch(/^(primary|success|warning|danger|info)$/)
    expect(statusType('event', 'closed')).toBe('success')
    expect(statusType('task', 'returned')).toBe('info')
    expect(statusType('event', 'nonsense')).toBe('info')
  })

  it('marks the way forward and the way back', () => {
    expect(actionButton('register')).toBe('primary')
    expect(actionButton('return')).toBe('danger')
    expect(actionButton('supervise')).toBe('warning')
    expect(actionButton('merge')).toBeUndefined()
  })
})
