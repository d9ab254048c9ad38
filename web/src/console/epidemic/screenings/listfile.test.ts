import { describe, expect, it } from 'vitest'
import { csvCell, readPasted, templateCSV } from './listfile'

describe('templateCSV', () => {
  it('is the Chinese headers, with a BOM', () => {
    expect(templateCSV()).toBe('\uFEFF姓名,身份证号,手机号,地址,网格编码,来源地,备注\r\n')
  })
})

describe('readPasted', () => {
  it('makes a spreadsheet copy (tabs) csv, quoting what needs it', () => {
    const got = readPasted('姓名\t手机号\t地址\n张三\t13800000000\t东大街1号, 2单元\n\n李四\t\t"老街"\n')
    expect(got).toEqual({
      kind: 'csv',
      rows: 2,
      csv: '\uFEFF姓名,手机号,地址\r\n张三,13800000000,"东大街1号, 2单元"\r\n李四,,"""老街"""\r\n',
    })
  })
  it('keeps csv as it is', () => {
    expect(readPasted('name,phone\r\nZhang,1\r\n')).toEqual({ kind: 'csv', rows: 1, csv: '\uFEFFname,phone\r\nZhang,1\r\n' })
  })
  it('reads JSON, an array or {persons}', () => {
    expect(readPasted('[{"name":"张三"}]')).toEqual({ kind: 'json', persons: [{ name: '张三' }] })
    expect(readPasted('{"persons":[{"name":"李四"}]}')).toEqual({ kind: 'json', persons: [{ name: '李四' }] })
  })
  it('refuses what it cannot read', () => {
    expect(readPasted('  ')).toEqual({ kind: 'empty' })
    expect(readPasted('[{"name":')).toEqual({ kind: 'bad', reason: 'json' })
    expect(readPasted('[1, 2]')).toEqual({ kind: 'bad', reason: 'json' })
    expect(readPasted('张三\t138\n')).toEqual({ kind: 'bad', reason: 'header' })
  })
})

describe('csvCell', () => {
  it('quotes commas, quotes, line breaks and edge spaces only', () => {
    expect(csvCell('a')).toBe('a')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell(' a')).toBe('" a"')
  })
})
