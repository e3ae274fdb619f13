import { sql } from 'drizzle-orm'
import type { Database } from '../../../db/client.ts'
import { json, type Request } from '../../support/test-app.ts'

/**
 * The places the access tests look at, picked from the demo data: the grid with the most
 * enterprises (G) in its town (T), and an enterprise, grid and hazard of another town.
 */
export async function accessFixture(db: Database) {
  const [grid] = await db.rows<{ grid_code: string; town_code: string }>(sql`
    SELECT grid_code, town_code FROM enterprises WHERE grid_code IS NOT NULL
    GROUP BY grid_code, town_code ORDER BY count(*) DESC, grid_code LIMIT 1`)
  const { grid_code: gridCode, town_code: townCode } = grid!
  const [own] = await db.rows<{ id: number }>(
    sql`SELECT id FROM enterprises WHERE grid_code = ${gridCode} AND status = 'active' ORDER BY id LIMIT 1`,
  )
  const [foreign] = await db.rows<{ id: number; grid_code: string }>(
    sql`SELECT id, grid_code FROM enterprises WHERE town_code <> ${townCode} AND grid_code IS NOT NULL
      AND status = 'active' ORDER BY id LIMIT 1`,
  )
  const [foreignHazard] = await db.rows<{ id: number; version: number }>(
    sql`SELECT id, version FROM hazards WHERE town_code <> ${townCode} AND status = 'reported' ORDER BY id LIMIT 1`,
  )
  return {
    gridCode,
    townCode,
    gridUser: `grid-${gridCode}`,
    townUser: `town-${townCode}`,
    ownEnterprise: own!.id,
    foreignEnterprise: foreign!.id,
    foreignGrid: foreign!.grid_code,
    foreignHazard: foreignHazard!,
  }
}

export const userId = async (db: Database, username: string) =>
  (await db.rows<{ id: number }>(sql`SELECT id FROM users WHERE username = ${username}`))[0]!.id

/** A new API token for `username`, made through the admin API. */
export async function createToken(request: Request, db: Database, username: string, kind: 'personal' | 'kiosk') {
  const response = await request(
    '/api/admin/tokens',
    json('POST', { user_id: await userId(db, username), name: `${kind} for ${username}`, kind }),
    'admin',
  )
  if (response.status !== 201) throw new Error(`token: ${response.status} ${await response.text()}`)
  return (await response.json()) as { token: string; id: number }
}

/** A new account made through the admin API, for tests that change passwords or fail log-ins. */
export async function createUser(request: Request, role = 'county', extra: Record<string, unknown> = {}) {
  const username = `test-${role}-${Math.random().toString(36).slice(2, 10)}`
  const password = 'a long test password'
  const response = await request(
    '/api/admin/users',
    json('POST', { username, display_name: `Test ${role}`, password, role, ...extra }),
    'admin',
  )
  if (response.status !== 201) throw new Error(`user: ${response.status} ${await response.text()}`)
  return { username, password, ...((await response.json()) as { id: number }) }
}
