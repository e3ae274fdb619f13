import { readFileSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { openDatabase, type Database } from '../../../db/client.ts'
import { ensureDefaults } from '../../../db/defaults.ts'
import { migrate } from '../../../db/migrate.ts'
import { generateDemoData } from '../../../db/seed/generate.ts'
import { loadDemoData } from '../../../db/seed/load.ts'
import { riskLevels, sectors } from '../../../db/schema.ts'
import { createApp } from '../../../server/app.ts'
import { readStatsRules, type StatsRules } from '../../../server/rules/stats-settings.ts'
import { fullScope, type Scope } from '../../../server/scope.ts'
import { noFilter, type StatsFilter } from '../../../server/stats/filters.ts'
import { allGridStats, oneGridStats } from '../../../server/stats/grid-stats.ts'
import { countySummary } from '../../../server/stats/summary.ts'
import { allTownStats } from '../../../server/stats/town-stats.ts'
import { wallLists } from '../../../server/wall/queries.ts'
import { testDemo, testYear } from '../../support/fixture.ts'
import { authedRequest, json, type Request } from '../../support/test-app.ts'
import { foundHazardsFromScratch, historyFromScratch, townHazardsFromScratch } from './oracle.ts'

/*
 * The statistics facts of migration 0006 against the from-scratch oracle (./oracle.ts): thousands
 * of random writes — inspections (planned → done, dated after today), hazards along the closed
 * loop, listings, extensions, enterprise edits and moves — then every statistic compared, batch
 * after batch, and again as "today" moves on without a write (into the next year, too).
 * It writes, so it runs on a database of its own: a PGlite copy of the test dump, or a fresh
 * PostgreSQL database beside TEST_DATABASE_URL.
 */

const batches = 8
const writesPerBatch = 260

let db: Database
let request: Request
let today: string = testDemo.asOf
let dropDatabase = async () => {}
/** API writes by path and status: most must succeed, or the test proves little. */
const outcomes = new Map<string, number>()

// A small deterministic PRNG (mulberry32): a failure replays.
let state = 20261015
function random(): number {
  state = (state + 0x6d2b79f5) | 0
  let t = Math.imul(state ^ (state >>> 15), 1 | state)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1))
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

async function ownDatabase(): Promise<Database> {
  if (process.env.TEST_DB_KIND !== 'postgres') {
    return openDatabase({
      kind: 'pglite',
      dataDir: 'memory://',
      loadDataDir: new Blob([readFileSync(inject('pgliteDump'))]),
    })
  }
  const url = new URL(inject('databaseUrl'))
  const name = `${url.pathname.slice(1)}_facts_oracle`
  const admin = await openDatabase({ kind: 'postgres', url: url.href, max: 1 })
  await admin.exec(`DROP DATABASE IF EXISTS ${name}`)
  await admin.exec(`CREATE DATABASE ${name}`)
  url.pathname = `/${name}`
  const own = await openDatabase({ kind: 'postgres', url: url.href, max: 4 })
  await migrate(own)
  await loadDemoData(own, generateDemoData(testDemo))
  await ensureDefaults(own, [testYear - 1, testYear, testYear + 1])
  dropDatabase = async () => {
    await own.close()
    await admin.exec(`DROP DATABASE IF EXISTS ${name}`)
    await admin.close()
  }
  return own
}

beforeAll(async () => {
  db = await ownDatabase()
  request = authedRequest(createApp({ db, today: () => today }))
}, 300_000)

afterAll(async () => {
  if (process.env.TEST_DB_KIND === 'postgres') await dropDatabase()
  else await db.close()
})

const ids = async (query: ReturnType<typeof sql>) => (await db.rows<{ id: number }>(query)).map((row) => row.id)

/** Sends a write and insists on an answer that is not a server error (a refusal is a fine outcome). */
async function send(path: string, body: unknown, as: string): Promise<Response> {
  const response = await request(path, json('POST', body), as)
  if (response.status >= 500) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  const key = `${path.replace(/\d+/g, '{id}')} ${response.status}`
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
  return response
}

async function randomEnterprise(): Promise<{ id: number }> {
  const [row] = await db.rows<{ id: number }>(sql`SELECT id FROM enterprises ORDER BY random() LIMIT 1`)
  return row!
}

function newHazard(inspectedOn: string) {
  return {
    level: random() < 0.25 ? 'major' : 'general',
    description: '消防通道堵塞',
    ...(random() < 0.7 ? { deadline: addDays(inspectedOn, between(0, 60)) } : {}),
  }
}

async function recordInspection() {
  const { id } = await randomEnterprise()
  const inspectedOn = addDays(today, -between(0, 420))
  const hazards = Array.from({ length: pick([0, 0, 1, 1, 2]) }, () => newHazard(inspectedOn))
  await send(
    '/api/inspections',
    { enterprise_id: id, kind: 'routine', inspected_on: inspectedOn, inspectors: ['王强'], hazards },
    'county',
  )
}

async function planAndComplete() {
  const { id } = await randomEnterprise()
  const planned = addDays(today, between(-30, 30))
  const [row] = await db.rows<{ id: number; version: number }>(sql`
    INSERT INTO inspections (enterprise_id, kind, status, inspected_on) VALUES (${id}::int, 'double_random', 'planned', ${planned}::date)
    RETURNING id, version`)
  if (random() < 0.6) {
    const inspectedOn = addDays(today, -between(0, 10))
    await send(
      '/api/inspections',
      {
        enterprise_id: id,
        planned_inspection_id: row!.id,
        version: row!.version,
        kind: 'double_random',
        inspected_on: inspectedOn,
        inspectors: ['李娜'],
        hazards: random() < 0.4 ? [newHazard(inspectedOn)] : [],
      },
      'county',
    )
  }
}

type HazardAnswer = { hazard: { id: number; version: number; level: string; status: string }; next: string[] }

async function moveHazard() {
  const [id] = await ids(sql`SELECT id FROM hazards WHERE status <> 'closed' ORDER BY random() LIMIT 1`)
  if (id === undefined) return
  const response = await request(`/api/hazards/${id}`, {}, 'admin')
  const { hazard, next } = (await response.json()) as HazardAnswer
  if (next.length === 0) return
  const to = pick(next)
  await send(
    `/api/hazards/${id}/transition`,
    { to, version: hazard.version, ...(to === 'assigned' ? { deadline: addDays(today, between(-5, 40)) } : {}) },
    'admin',
  )
}

/** 挂牌督办 steps, each on a hazard in the state it needs: list, request and approve an extension, delist. */
async function listingWork() {
  const step = pick(['listing', 'request', 'approve', 'delist'] as const)
  const candidates = {
    listing: sql`level = 'major' AND status <> 'closed' AND listed_on IS NULL`,
    request: sql`listed_on IS NOT NULL AND delisted_on IS NULL AND status <> 'closed' AND extension_requested_on IS NULL`,
    approve: sql`extension_requested_on IS NOT NULL AND extension_approved_on IS NULL AND status <> 'closed'`,
    delist: sql`listed_on IS NOT NULL AND delisted_on IS NULL AND status = 'closed'`,
  }[step]
  const [id] = await ids(sql`SELECT id FROM hazards WHERE ${candidates} ORDER BY random() LIMIT 1`)
  if (id === undefined) return
  const { hazard } = (await (await request(`/api/hazards/${id}`, {}, 'county')).json()) as HazardAnswer
  if (step === 'listing') {
    await send(
      `/api/hazards/${id}/listing`,
      {
        version: hazard.version,
        listed_by_unit: '射阳县安委办',
        listing_round: `${today.slice(0, 4)}-${between(1, 3)}`,
        listing_deadline: addDays(today, between(60, 300)),
      },
      'county',
    )
  } else if (step === 'request') {
    await send(
      `/api/hazards/${id}/extension`,
      { version: hazard.version, action: 'request', requested_deadline: addDays(today, between(200, 360)) },
      'county',
    )
  } else if (step === 'approve') {
    await send(`/api/hazards/${id}/extension`, { version: hazard.version, action: 'approve' }, 'county')
  } else {
    await send(`/api/hazards/${id}/delist`, { version: hazard.version }, 'county')
  }
}

/** Edits with no API of their own (imports, the data admin's SQL): the same tables, written directly. */
async function directWrite() {
  const kind = between(0, 10)
  const { id } = await randomEnterprise()
  if (kind === 0) {
    await db.rows(sql`UPDATE enterprises SET risk_level = ${pick(riskLevels)} WHERE id = ${id}::int`)
  } else if (kind === 1) {
    await db.rows(sql`UPDATE enterprises SET sector = ${pick(sectors)} WHERE id = ${id}::int`)
  } else if (kind === 2) {
    await db.rows(sql`UPDATE enterprises SET status = CASE WHEN status = 'closed' THEN 'active' ELSE 'closed' END
      WHERE id = ${id}::int`)
  } else if (kind === 3) {
    // A move: to another enterprise's place, often in another grid. Its past inspections stay where they were.
    await db.rows(sql`UPDATE enterprises SET geom = (SELECT geom FROM enterprises ORDER BY random() LIMIT 1)
      WHERE id = ${id}::int`)
  } else if (kind === 4) {
    // Dated after today (a typing error, an import): counted only once today reaches it.
    await db.rows(sql`INSERT INTO inspections (enterprise_id, kind, status, inspected_on)
      VALUES (${id}::int, 'routine', 'done', ${addDays(today, between(1, 90))}::date)`)
  } else if (kind === 5) {
    await db.rows(sql`INSERT INTO hazards (enterprise_id, level, status, description, found_on, deadline, geom)
      SELECT id, ${pick(['general', 'major'])}, 'assigned', '配电箱无防护', ${addDays(today, between(1, 90))}::date,
        ${addDays(today, between(1, 120))}::date, geom
      FROM enterprises WHERE id = ${id}::int`)
  } else if (kind === 6) {
    await db.rows(sql`UPDATE hazards SET status = 'closed', closed_on = ${addDays(today, between(-200, 60))}::date
      WHERE id = (SELECT id FROM hazards WHERE status <> 'closed' ORDER BY random() LIMIT 1)`)
  } else if (kind === 7) {
    // A hazard placed elsewhere than its enterprise: its own town and grid.
    await db.rows(sql`UPDATE hazards SET geom = (SELECT geom FROM enterprises ORDER BY random() LIMIT 1)
      WHERE id = (SELECT id FROM hazards ORDER BY random() LIMIT 1)`)
  } else if (kind === 8) {
    await db.rows(sql`DELETE FROM inspections WHERE id = (
      SELECT i.id FROM inspections i WHERE NOT EXISTS (SELECT 1 FROM hazards h WHERE h.inspection_id = i.id)
      ORDER BY random() LIMIT 1)`)
  } else if (kind === 9) {
    // A deadline corrected, to either side of today: only the deadline changes.
    await db.rows(sql`UPDATE hazards SET deadline = ${addDays(today, between(-30, 30))}::date
      WHERE id = (SELECT id FROM hazards WHERE status <> 'closed' ORDER BY random() LIMIT 1)`)
  } else {
    await db.rows(sql`UPDATE inspections SET inspected_on = inspected_on + ${between(-40, 40)}::int
      WHERE id = (SELECT id FROM inspections ORDER BY random() LIMIT 1)`)
  }
}

async function randomWrite() {
  const roll = random()
  if (roll < 0.3) await recordInspection()
  else if (roll < 0.55) await moveHazard()
  else if (roll < 0.65) await listingWork()
  else if (roll < 0.75) await planAndComplete()
  else await directWrite()
}

async function sampleScopes(): Promise<Scope[]> {
  const [town] = await db.rows<{ code: string }>(
    sql`SELECT code FROM regions WHERE kind <> 'county' ORDER BY code LIMIT 1`,
  )
  const grids = await db.rows<{ code: string }>(sql`
    SELECT grid_code AS code FROM enterprises WHERE grid_code IS NOT NULL
    GROUP BY grid_code ORDER BY count(*) DESC, grid_code LIMIT 3`)
  return [fullScope, { kind: 'town', townCode: town!.code }, { kind: 'grids', gridCodes: grids.map((g) => g.code) }]
}

const filters: StatsFilter[] = [
  noFilter,
  { townCodes: [], sectors: ['hazchem', 'machinery'], riskLevels: [] },
  { townCodes: [], sectors: [], riskLevels: ['major', 'high'] },
  { townCodes: ['320924100', '320924400'], sectors: [], riskLevels: ['general'] },
]

/** Every statistic, from the facts and from scratch, for several scopes, filters and years. */
async function expectSameAsOracle(rules: StatsRules) {
  const scopes = await sampleScopes()
  let compared = 0
  for (const scope of scopes) {
    for (const filter of scope === fullScope ? filters : [noFilter]) {
      const query = { scope, filter, rules, today }
      const grids = await allGridStats(db, query)
      expect(grids.length).toBeGreaterThan(0)
      expect(grids).toEqual(await allGridStats(db, query, historyFromScratch))
      expect(await allTownStats(db, query)).toEqual(await allTownStats(db, query, historyFromScratch))
      const busiest = grids.reduce((a, b) => (b.enterprises.total > a.enterprises.total ? b : a))
      expect(await oneGridStats(db, busiest.code, query)).toEqual(
        await oneGridStats(db, busiest.code, query, historyFromScratch),
      )
      compared += 3
    }
    const thisYear = Number(today.slice(0, 4))
    for (const year of [thisYear, thisYear - 1]) {
      const query = { year, today, scope, rules }
      expect(await countySummary(db, query)).toEqual(await countySummary(db, query, foundHazardsFromScratch))
      compared++
    }
    const lists = { scope, today, limit: 50, outletsPer1000Households: rules.outletsPer1000Households }
    expect(await wallLists(db, lists)).toEqual(await wallLists(db, lists, townHazardsFromScratch))
    compared++
  }
  expect(compared).toBe(27)
}

describe('statistics facts against the from-scratch oracle', () => {
  it('the demo data as loaded (the loader computes the facts once)', async () => {
    await expectSameAsOracle(await readStatsRules(db))
  })

  for (let batch = 1; batch <= batches; batch++) {
    it(`after batch ${batch} of ${writesPerBatch} random writes`, async () => {
      for (let n = 0; n < writesPerBatch; n++) await randomWrite()
      await expectSameAsOracle(await readStatsRules(db))
    }, 300_000)
  }

  it('most API writes succeeded', () => {
    const count = (test: (key: string) => boolean) =>
      [...outcomes].filter(([key]) => test(key)).reduce((sum, [, n]) => sum + n, 0)
    const succeeded = count((key) => / 20[01]$/.test(key))
    console.log(Object.fromEntries([...outcomes].sort()))
    expect(succeeded).toBeGreaterThan(1000)
    expect(count((key) => key.startsWith('/api/hazards/{id}/transition 200'))).toBeGreaterThan(300)
    // Approving an extension moves only the deadline: the one write where nothing else changes.
    expect(count((key) => key.startsWith('/api/hazards/{id}/extension 200'))).toBeGreaterThan(20)
    expect(count((key) => key.startsWith('/api/hazards/{id}/listing 200'))).toBeGreaterThan(20)
    expect(succeeded / count(() => true)).toBeGreaterThan(0.6)
  })

  it('concurrent writes to one enterprise leave its facts as its history says (the refresh locks)', async () => {
    const { id } = await randomEnterprise()
    const inspectedOn = addDays(today, -3)
    await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        send(
          '/api/inspections',
          {
            enterprise_id: id,
            kind: 'routine',
            inspected_on: addDays(inspectedOn, -n),
            inspectors: ['王强'],
            hazards: [{ level: n % 3 === 0 ? 'major' : 'general', description: '消防通道堵塞', deadline: today }],
          },
          'county',
        ),
      ),
    )
    const [facts] = await db.rows<{ last_done_on: string; open: number }>(sql`
      SELECT f.last_done_on::text AS last_done_on,
        (SELECT coalesce(sum(h.open), 0)::int FROM hazard_facts h WHERE h.enterprise_id = f.enterprise_id) AS open
      FROM enterprise_facts f WHERE f.enterprise_id = ${id}::int`)
    const [history] = await db.rows<{ last_done_on: string; open: number }>(sql`
      SELECT (SELECT max(inspected_on)::text FROM inspections WHERE enterprise_id = ${id}::int AND status = 'done') AS last_done_on,
        (SELECT count(*)::int FROM hazards WHERE enterprise_id = ${id}::int AND status <> 'closed') AS open`)
    expect(facts).toEqual(history)
    expect(history!.open).toBeGreaterThanOrEqual(12)
  })

  it('the facts equal a refresh of every enterprise from its history', async () => {
    const snapshot = () =>
      db.rows<{ table: string; digest: string }>(sql`
        SELECT 'enterprise_facts' AS table, md5(string_agg(f::text, '|' ORDER BY f::text)) AS digest FROM enterprise_facts f
        UNION ALL SELECT 'hazard_facts', md5(string_agg(f::text, '|' ORDER BY f::text)) FROM hazard_facts f
        UNION ALL SELECT 'year_facts', md5(string_agg(f::text, '|' ORDER BY f::text)) FROM year_facts f`)
    const before = await snapshot()
    await db.rows(sql`SELECT refresh_enterprise_facts(array_agg(id)) FROM enterprises`)
    expect(await snapshot()).toEqual(before)
  }, 120_000)

  it('stays exact as today moves on with no write: overdue, visits due, the year turning', async () => {
    const rules = await readStatsRules(db)
    for (const days of [1, 13, 30, 47, 80]) {
      today = addDays(today, days)
      await expectSameAsOracle(rules)
    }
    expect(today.slice(0, 4)).toBe(String(testYear + 1))
    for (let n = 0; n < writesPerBatch; n++) await randomWrite()
    await expectSameAsOracle(rules)
  }, 300_000)
})
