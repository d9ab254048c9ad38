import { describe, expect, it } from 'vitest'
import { ageOn, checkIdNumber, idCheckDigit, normalizeIdNumber } from './idcard'

// 2026-03-15 12:00 in Beijing
const NOW = new Date('2026-03-15T04:00:00Z')

/** The definition of ISO 7064 MOD 11-2: Σ a_i·2^(17−i) over all 18 characters ≡ 1 (mod 11), X = 10. */
function oracle(first17: string): string {
  for (let c = 0; c <= 10; c++) {
    let sum = 0
    const digits = [...first17].map(Number).concat(c)
    digits.forEach((a, i) => (sum += a * 2 ** (17 - i)))
    if (sum % 11 === 1) return c === 10 ? 'X' : String(c)
  }
  throw new Error('no check digit')
}

const withCheck = (first17: string) => first17 + idCheckDigit(first17)

describe('idCheckDigit', () => {
  it('agrees with the definition', () => {
    let seed = 42
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({ length: 17 }, () => rnd() % 10).join('')
      expect(idCheckDigit(s)).toBe(oracle(s))
    }
  })
  it('knows the published example', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X')
  })
  it('refuses anything but 17 digits', () => {
    expect(idCheckDigit('1101051949123100')).toBe('')
    expect(idCheckDigit('1101051949123100A')).toBe('')
  })
})

describe('checkIdNumber', () => {
  it.each([
    ['11010519491231002X', '11010519491231002X', 'female', '1949-12-31'],
    ['11010519491231002x', '11010519491231002X', 'female', '1949-12-31'],
    [' 440524188001010014\t', '440524188001010014', 'male', '1880-01-01'],
    ['140902199001011232', '140902199001011232', 'male', '1990-01-01'],
    ['140902200002290021', '140902200002290021', 'female', '2000-02-29'],
    ['１４０９０２１９９００１０１１２３２', '140902199001011232', 'male', '1990-01-01'],
    [withCheck('82000020260315002'), withCheck('82000020260315002'), 'female', '2026-03-15'],
  ])('accepts %s', (input, number, gender, birthDate) => {
    const r = checkIdNumber(input, NOW)
    expect(r).toEqual({ ok: true, info: { number, gender, birthDate, regionCode: number.slice(0, 6) } })
  })

  it.each([
    ['empty', '', 'length'],
    ['17 chars', '11010519491231002', 'length'],
    ['19 chars', '11010519491231002X1', 'length'],
    ['old 15-digit', '110105491231002', 'length'],
    ['wrong check digit', '110105194912310021', 'checksum'],
    ['wrong X', '14090219900101123X', 'checksum'],
    ['transposed', '110105194912301020', 'checksum'],
    ['letter inside', '1101051949123100AX', 'format'],
    ['X not last', 'X10105194912310021', 'format'],
    ['other letter', '11010519491231002Y', 'format'],
    ['a Chinese character', '11010519491231002张', 'format'],
    ['inner space', '110105 9491231002X', 'format'],
    ['province 00', withCheck('00010519491231002'), 'region'],
    ['province 16', withCheck('16010519491231002'), 'region'],
    ['Feb 30', withCheck('14090219900230002'), 'birthDate'],
    ['Feb 29 of 1900', withCheck('14090219000229002'), 'birthDate'],
    ['month 13', withCheck('14090219901301002'), 'birthDate'],
    ['day 00', withCheck('14090219900100002'), 'birthDate'],
    ['before 1800', withCheck('14090217991231002'), 'birthDate'],
    ['tomorrow in Beijing', withCheck('14090220260316002'), 'birthDate'],
  ])('rejects %s', (_name, input, problem) => {
    expect(checkIdNumber(input, NOW)).toEqual({ ok: false, problem })
  })

  it('uses the Beijing date, not UTC', () => {
    // 2026-03-15 17:00 UTC is already the 16th in Beijing
    expect(checkIdNumber(withCheck('14090220260316002'), new Date('2026-03-15T17:00:00Z')).ok).toBe(true)
  })
})

describe('normalizeIdNumber', () => {
  it('folds width and case', () => {
    expect(normalizeIdNumber(' １４０９０２１９９００１０１１２３ｘ ')).toBe('14090219900101123X')
  })
})

describe('ageOn', () => {
  it('counts whole years in Beijing', () => {
    expect(ageOn('1990-03-15', NOW)).toBe(36)
    expect(ageOn('1990-03-16', NOW)).toBe(35)
    expect(ageOn('2026-03-15', NOW)).toBe(0)
    expect(ageOn('2027-01-01', NOW)).toBeUndefined()
    expect(ageOn('', NOW)).toBeUndefined()
  })
})
