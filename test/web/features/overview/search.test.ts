import { describe, expect, test } from 'vitest'
import { searchFeatures } from '../../../../web/features/overview/search.ts'

const enterprise = (id: number, name: string, uscc: string) => ({
  type: 'Feature' as const,
  id,
  geometry: { type: 'Point' as const, coordinates: [120.2, 33.7] },
  properties: { name, uscc },
})
const grid = {
  type: 'Feature' as const,
  geometry: {
    type: 'Polygon' as const,
    coordinates: [
      [
        [120, 33],
        [120.1, 33],
        [120.1, 33.1],
        [120, 33],
      ],
    ],
  },
  properties: { code: '320924100001', name: '合德镇 建旺社区网格', town_name: '合德镇' },
}

describe('search', () => {
  const enterprises = [
    enterprise(1, '射阳润恒酒店有限公司', '91320924MA52B9LPWL'),
    enterprise(2, '合德建旺化工有限公司', '91320924MA00000000'),
  ]

  test('a USCC finds its enterprise first', () => {
    expect(searchFeatures('91320924ma52b9lpwl', enterprises, [grid]).map((hit) => [hit.kind, hit.id])).toEqual([
      ['enterprise', 1],
    ])
  })

  test('names match by prefix before substring, grids by code or name', () => {
    expect(searchFeatures('合德', enterprises, [grid]).map((hit) => [hit.kind, hit.id])).toEqual([
      ['grid', '320924100001'],
      ['enterprise', 2],
    ])
    expect(searchFeatures('320924100001', enterprises, [grid])[0]).toMatchObject({
      kind: 'grid',
      detail: '320924100001 · 合德镇',
    })
    expect(searchFeatures('   ', enterprises, [grid])).toEqual([])
  })
})
