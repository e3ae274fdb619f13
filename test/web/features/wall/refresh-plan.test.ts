import { describe, expect, test } from 'vitest'
import { resourcesFor } from '../../../../web/features/wall/refresh-plan.ts'

describe('what a change refetches on the wall', () => {
  test('a hazard write refetches the KPIs, the lists and the town roll-up, not the map', () => {
    expect(resourcesFor(['hazards'])).toEqual(['summary', 'lists', 'townStats'])
  })
  test('an enterprise write also refetches the grid colours and the enterprise layer', () => {
    expect(resourcesFor(['enterprises'])).toEqual(['summary', 'lists', 'townStats', 'gridStats', 'enterprises'])
  })
  test('outlets feed the lists and towns; unrelated tables nothing', () => {
    expect(resourcesFor(['fireworks_outlets'])).toEqual(['lists', 'townStats'])
    expect(resourcesFor(['sensitive_sites', 'zones'])).toEqual([])
    expect(resourcesFor(['regions'])).toEqual(['summary', 'lists', 'townStats', 'towns'])
  })
})
