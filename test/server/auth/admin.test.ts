import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { json, testApp, type Request } from '../../support/test-app.ts'
import { createUser, userId } from './fixtures.ts'

let request: Request
let db: Database

beforeAll(async () => {
  ;({ request, db } = await testApp())
})

describe('/api/admin/users', () => {
  it('get lists the demo accounts without password hashes', async () => {
    const body = (await (await request('/api/admin/users', {}, 'admin')).json()) as { users: Record<string, unknown>[] }
    const [counts] = await db.rows<{ grids: number }>(sql`SELECT count(*)::int AS grids FROM grids`)
    const demo = body.users.filter((u) => !String(u.username).startsWith('test-'))
    expect(demo.length).toBe(2 + 19 + counts!.grids + 2)
    expect(demo.slice(0, 3).map((u) => [u.username, u.role, u.town_code])).toEqual([
      ['admin', 'admin', null],
      ['county', 'county', null],
      ['town-320924100', 'town', '320924100'],
    ])
    expect(body.users.every((u) => !('password_hash' in u))).toBe(true)
  })

  it('post validates the role’s place and refuses a taken username', async () => {
    const post = (body: unknown) => request('/api/admin/users', json('POST', body), 'admin')
    const base = { username: 'new-town-user', display_name: '新用户', password: 'long enough password' }
    const noTown = await post({ ...base, role: 'town' })
    expect([noTown.status, ((await noTown.json()) as { error: string }).error]).toEqual([
      400,
      'body: a town user needs town_code',
    ])
    const badGrid = await post({ ...base, role: 'grid', grid_codes: ['320924100999'] })
    expect([badGrid.status, ((await badGrid.json()) as { error: string }).error]).toEqual([
      400,
      'Unknown grid code 320924100999',
    ])
    const taken = await post({ ...base, username: 'county', role: 'county' })
    expect([taken.status, ((await taken.json()) as { error: string }).error]).toEqual([409, 'Username county is taken'])
  })
})

describe('get /api/admin/audit', () => {
  it('pages the audit log newest first, filtered by entity, entity_id and user', async () => {
    const user = await createUser(request, 'viewer')
    const admin = await userId(db, 'admin')
    await request(`/api/admin/users/${user.id}/deactivate`, { method: 'POST' }, 'admin')
    const response = await request(
      `/api/admin/audit?entity=users&entity_id=${user.id}&user_id=${admin}&limit=1`,
      {},
      'admin',
    )
    const page = (await response.json()) as {
      total: number
      items: { action: string; username: string; before: unknown; after: { active: boolean } }[]
    }
    expect(page.total).toBe(2)
    expect(page.items.map((i) => [i.action, i.username, i.after.active])).toEqual([['deactivate', 'admin', false]])
    const next = (await (
      await request(`/api/admin/audit?entity=users&entity_id=${user.id}&limit=1&offset=1`, {}, 'admin')
    ).json()) as typeof page
    expect(next.items.map((i) => [i.action, i.before])).toEqual([['create', null]])
    expect((await request('/api/admin/audit?limit=0', {}, 'admin')).status).toBe(400)
    expect((await request('/api/admin/audit?color=red', {}, 'admin')).status).toBe(400)
  })
})
