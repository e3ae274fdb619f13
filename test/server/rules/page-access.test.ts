import { describe, expect, it } from 'vitest'
import { userRoles } from '../../../db/vocabulary.ts'
import { pagesOf } from '../../../server/rules/page-access.ts'

describe('pages by role (server/rules/page-access.ts)', () => {
  it('opens the draws and the import to the county, the registers to towns too, the planner screen to planners and the county, the administration and settings to admins', () => {
    expect(Object.fromEntries(userRoles.map((role) => [role, pagesOf({ role })]))).toEqual({
      admin: ['draws', 'fireworks', 'admin', 'import', 'registers', 'settings'],
      county: ['draws', 'fireworks', 'import', 'registers'],
      town: ['registers'],
      grid: [],
      viewer: [],
      planner: ['fireworks'],
    })
  })
})
