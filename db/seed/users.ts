import { hashSync } from '@node-rs/argon2'
import type { users } from '../schema.ts'
import type { Context } from './context.ts'
import { county } from './units.ts'

export type UserRow = typeof users.$inferInsert & { id: number }

/** DESIGN §4: every demo account has this password. Embedded demo data only. */
export const demoPassword = 'sheyang-demo'

/**
 * One argon2id hash shared by every demo account: hashing per account would take seconds. The salt
 * is fixed so the generator stays byte-identical for a seed; acceptable for demo data only — real
 * accounts (server/auth/password.ts) get a random salt per hash.
 */
const demoHash = hashSync(demoPassword, { salt: new TextEncoder().encode('sheyang-demo-salt') })

/** DESIGN §4 demo accounts: admin, county, town-<town code>, grid-<grid code>, viewer, planner. */
export function buildUsers(context: Context): UserRow[] {
  const rows: Omit<UserRow, 'id' | 'passwordHash'>[] = [
    { username: 'admin', displayName: '系统管理员', role: 'admin' },
    { username: 'county', displayName: `${county.name}应急管理局`, role: 'county' },
    ...context.towns.map((town) => ({
      username: `town-${town.code}`,
      displayName: `${town.name}安监办`,
      role: 'town' as const,
      townCode: town.code,
    })),
    ...context.grids.map((grid) => ({
      username: `grid-${grid.code}`,
      displayName: `${grid.name}网格员 ${grid.officerName ?? ''}`.trim(),
      role: 'grid' as const,
      townCode: grid.townCode,
      gridCodes: [grid.code],
    })),
    { username: 'viewer', displayName: '只读用户', role: 'viewer' },
    { username: 'planner', displayName: `${county.name}应急管理局烟花爆竹规划`, role: 'planner' },
  ]
  return rows.map((row, i) => ({ id: i + 1, ...row, passwordHash: demoHash }))
}
