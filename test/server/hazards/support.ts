import { sql } from 'drizzle-orm'
import { afterAll, beforeAll } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { json, testApp, type As, type Request } from '../../support/test-app.ts'
import { accessFixture } from '../auth/fixtures.ts'

export type Hazard = Record<string, unknown> & { id: number; version: number; status: string; deadline: string | null }

/**
 * Records inspections (with hazards) through the API and deletes what it made afterwards, so the
 * shared demo database is as it was for the next suite in the worker.
 */
export function hazardMaker(request: Request, db: Database) {
  const inspections: number[] = []
  return {
    async inspect(
      enterpriseId: number,
      hazards: { level: 'general' | 'major'; description: string; deadline?: string }[],
      as: As,
      inspectedOn = '2026-10-14',
    ) {
      const response = await request(
        '/api/inspections',
        json('POST', {
          enterprise_id: enterpriseId,
          kind: 'routine',
          inspected_on: inspectedOn,
          inspectors: ['测试员'],
          hazards,
        }),
        as,
      )
      if (response.status !== 201) throw new Error(`inspection: ${response.status} ${await response.text()}`)
      const body = (await response.json()) as {
        inspection: Record<string, unknown> & { id: number }
        hazards: Hazard[]
      }
      inspections.push(body.inspection.id)
      return body
    },
    async cleanUp() {
      if (inspections.length === 0) return
      const ids = sql.join(
        inspections.map((id) => sql`${id}::int`),
        sql`, `,
      )
      await db.rows(sql`DELETE FROM hazards WHERE inspection_id IN (${ids})`)
      await db.rows(sql`DELETE FROM inspections WHERE id IN (${ids})`)
    },
  }
}

/** POST a hazard action; returns status and JSON body. */
export async function act(request: Request, path: string, body: unknown, as: As) {
  const response = await request(path, json('POST', body), as)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { hazard: Hazard } }
}

/**
 * A suite that writes through the API on the shared demo database: the app, the access fixture and a
 * hazardMaker, ready in its beforeAll; what the maker recorded is deleted in its afterAll. Read the
 * fields inside tests and hooks, once beforeAll has run.
 */
export function writingSuite() {
  const suite = {} as {
    request: Request
    db: Database
    fx: Awaited<ReturnType<typeof accessFixture>>
    maker: ReturnType<typeof hazardMaker>
  }
  beforeAll(async () => {
    const { request, db } = await testApp()
    Object.assign(suite, { request, db, fx: await accessFixture(db), maker: hazardMaker(request, db) })
  })
  afterAll(() => suite.maker.cleanUp())
  return suite
}
