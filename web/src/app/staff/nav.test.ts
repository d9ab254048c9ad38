import { describe, expect, it } from 'vitest'
import { canNavigate, mapLinks } from './nav'

describe('the hand-off to a map app', () => {
  it('says WGS-84 to every vendor, in each one’s order of the axes', () => {
    const [amap, baidu, geo] = mapLinks({ lng: 112.7337, lat: 38.4167, name: '东大街 5 号' })
    const a = new URL(amap.url)
    expect(a.origin + a.pathname).toBe('https://uri.amap.com/marker')
    expect(a.searchParams.get('position')).toBe('112.733700,38.416700') // lng,lat
    expect(a.searchParams.get('coordinate')).toBe('wgs84')
    expect(a.searchParams.get('name')).toBe('东大街 5 号')
    expect(a.searchParams.get('callnative')).toBe('1')
    const b = new URL(baidu.url)
    expect(b.origin + b.pathname).toBe('https://api.map.baidu.com/marker')
    expect(b.searchParams.get('location')).toBe('38.416700,112.733700') // lat,lng
    expect(b.searchParams.get('coord_type')).toBe('wgs84')
    expect(b.searchParams.get('output')).toBe('html')
    expect(b.searchParams.get('title')).toBe('东大街 5 号')
    expect(geo.url).toBe(`geo:38.416700,112.733700?q=${encodeURIComponent('38.416700,112.733700(东大街 5 号)')}`)
  })

  it('searches by address when there is no point', () => {
    const links = mapLinks({ name: '王秀英', address: '秀容街道东大街社区1号楼1单元101', lng: null, lat: null })
    expect(links.map((l) => l.app)).toEqual(['amap', 'baidu', 'geo'])
    expect(new URL(links[0].url).searchParams.get('keyword')).toBe('秀容街道东大街社区1号楼1单元101')
    expect(new URL(links[1].url).searchParams.get('address')).toBe('秀容街道东大街社区1号楼1单元101')
    expect(links[2].url.startsWith('geo:0,0?q=')).toBe(true)
  })

  it('offers nothing without a point or an address', () => {
    expect(canNavigate({ name: 'x' })).toBe(false)
    expect(canNavigate({ name: 'x', address: '  ' })).toBe(false)
    expect(canNavigate({ name: 'x', lng: Number.NaN, lat: 38 })).toBe(false)
    expect(canNavigate({ name: 'x', lng: 0, lat: 0 })).toBe(true)
  })
})
