import { describe, expect, it } from 'vitest'
import { userRoles } from '../../../db/vocabulary.ts'
import { pagesOf } from '../../../server/rules/page-access.ts'

describe('pages by role (server/rules/page-access.ts)', () => {
  it('opens the draws to the county, the planner screen to planners and the county, the administration to admins', () => {
    expect(Object.fromEntries(userRoles.map((role) => [role, pagesOf({ role })]))).toEqual({
      admin: ['draws', 'fireworks', 'admin'],
      county: ['draws', 'fireworks'],
      town: [],
      grid: [],
      viewer: [],
      planner: ['fireworks'],
    })
  })
})
