import { describe, expect, it } from 'vitest'
import { roomList } from './rooms'

describe('roomList', () => {
  it('takes one room a line or by commas, once each', () => {
    expect(roomList('101\n 102 \n\n101，103,')).toEqual(['101', '102', '103'])
    expect(roomList('  ')).toEqual([])
  })
})
