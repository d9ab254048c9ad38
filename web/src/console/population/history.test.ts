import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/i18n'
import { actionType, historyLines, type HistoryLabels } from './history'

const i18n = createAppI18n('zh-CN')
const labels: HistoryLabels = {
  t: (k, p) => i18n.global.t(k, p ?? {}),
  tag: (c) => ({ hypertension: '高血压患者', low_income: '低保对象' })[c] ?? c,
  status: (c) => ({ active: '正常', moved_out: '迁出' })[c] ?? c,
}

describe('historyLines', () => {
  it('explains a move', () => {
    expect(
      historyLines(
        {
          grid: { from: '140902001002001', to: '140902001002002' },
          household: { from: '', to: 'h1' },
          building: { from: 'b1', to: 'b2' },
        },
        labels,
      ),
    ).toEqual(['所属网格：140902001002001 → 140902001002002', '所在户：迁入', '所在楼栋：变更'])
  })
  it('names tags and statuses', () => {
    expect(historyLines({ added: ['hypertension'], removed: [] }, labels)).toEqual(['新增标签：高血压患者'])
    expect(historyLines({ added: [], removed: ['low_income'] }, labels)).toEqual(['移除标签：低保对象'])
    expect(historyLines({ status: { from: 'active', to: 'moved_out' } }, labels)).toEqual(['人员状态：正常 → 迁出'])
  })
  it('names changed fields without their values', () => {
    expect(historyLines({ fields: ['name', 'phone', 'residence_type'] }, labels)).toEqual(['修改了：姓名、手机号码、居住类型'])
  })
  it('says where an entry came from', () => {
    expect(historyLines({ grid: '140902001002001', source: 'import' }, labels)).toEqual(['所属网格：140902001002001', '通过批量导入'])
  })
  it('tells of a transfer without its request id', () => {
    const d = { grid: { from: '140921100001001', to: '140902001002001' }, transfer: '0190-abc' }
    expect(historyLines(d, labels)).toEqual(['所属网格：140921100001001 → 140902001002001', '经迁入申请审批同意'])
    expect(actionType('transferred')).toBe('warning')
  })
  it('copes with nothing and with the unknown', () => {
    expect(historyLines(null, labels)).toEqual([])
    expect(historyLines({}, labels)).toEqual([])
    expect(historyLines({ weird: { a: 1 } }, labels)).toEqual(['weird：{"a":1}'])
  })
  it('colours actions', () => {
    expect(actionType('created')).toBe('success')
    expect(actionType('deleted')).toBe('danger')
    expect(actionType('updated')).toBe('primary')
  })
})
