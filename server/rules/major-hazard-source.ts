import { sql, type SQL } from 'drizzle-orm'

/**
 * The threshold as read from settings for this request: a number (bound as a parameter), or SQL
 * naming where the query already holds it (the OGC API's `req.ammonia_major_hazard_tonnes`).
 */
export type Tonnes = number | SQL

/**
 * DOMAIN §4: ammonia refrigeration of ammonia_major_hazard_tonnes (10 t) or more is a major hazard
 * source (重大危险源) — exactly at the threshold is one.
 */
export function ammoniaMajorHazard(enterprise: string, tonnes: Tonnes): SQL {
  const threshold = typeof tonnes === 'number' ? sql`${tonnes}::numeric` : tonnes
  return sql`coalesce(${sql.raw(enterprise)}.ammonia_tonnes >= ${threshold}, false)`
}

/** A major hazard source: a rated one (major_hazard_level 1–4) or ammonia at or over the threshold. */
export function majorHazardSource(enterprise: string, ammoniaTonnes: Tonnes): SQL {
  return sql`(${sql.raw(enterprise)}.major_hazard_level IS NOT NULL OR ${ammoniaMajorHazard(enterprise, ammoniaTonnes)})`
}

/**
 * 两重点一重大 (DOMAIN §4; the plan's §11 requires full DCS for these units): a key-monitored
 * hazardous process, a key-monitored hazardous chemical, or a major hazard source. The sector
 * alone does not make one: a hazchem-sector enterprise without any of the three is counted in
 * bySector.hazchem, not here.
 */
export function keyHazchemUnit(enterprise: string, ammoniaTonnes: Tonnes): SQL {
  const e = sql.raw(enterprise)
  return sql`(${e}.hazchem_key_process OR ${e}.hazchem_key_chemical OR ${majorHazardSource(enterprise, ammoniaTonnes)})`
}

/** 涉氨制冷 (DOMAIN §4): an enterprise with ammonia refrigeration at all (ammonia_tonnes > 0). */
export function ammoniaRefrigeration(enterprise: string): SQL {
  return sql`coalesce(${sql.raw(enterprise)}.ammonia_tonnes > 0, false)`
}
