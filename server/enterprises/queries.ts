import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { confinedSpaces, enterprises, hazards, inspections } from '../../db/schema.ts'
import { photosJson, type PhotoMeta } from '../hazards/photo-queries.ts'
import { hazardColumns } from '../hazards/queries.ts'
import { scopeCondition, type Scope } from '../scope.ts'

const { geom: _e, ...enterpriseColumns } = getTableColumns(enterprises)
const { geom: _cs, ...spaceColumns } = getTableColumns(confinedSpaces)

/** Every column of the enterprise but its geometry, plus `lon`/`lat`, if it is in the caller's scope. */
export async function enterpriseInScope(db: Database, scope: Scope, id: number) {
  const [enterprise] = await db.orm
    .select({
      ...enterpriseColumns,
      lon: sql<number>`ST_X(enterprises.geom)`,
      lat: sql<number>`ST_Y(enterprises.geom)`,
    })
    .from(enterprises)
    .where(and(eq(enterprises.id, id), scopeCondition(scope, 'enterprises')))
  return enterprise
}

/** The enterprise's confined spaces in the caller's scope, in id order. */
export function confinedSpacesOf(db: Database, scope: Scope, enterpriseId: number) {
  return db.orm
    .select(spaceColumns)
    .from(confinedSpaces)
    .where(and(eq(confinedSpaces.enterpriseId, enterpriseId), scopeCondition(scope, 'confined_spaces')))
    .orderBy(confinedSpaces.id)
}

/** The enterprise's hazards in the caller's scope with their photos, newest first. */
export function hazardsWithPhotosOf(db: Database, scope: Scope, enterpriseId: number) {
  return db.orm
    .select({ ...hazardColumns, photos: sql<PhotoMeta[]>`${photosJson('hazards')}` })
    .from(hazards)
    .where(and(eq(hazards.enterpriseId, enterpriseId), scopeCondition(scope, 'hazards')))
    .orderBy(desc(hazards.foundOn), desc(hazards.id))
}

/** The enterprise's inspections in the caller's scope, every column, newest first. */
export function inspectionsOf(db: Database, scope: Scope, enterpriseId: number) {
  return db.orm
    .select(getTableColumns(inspections))
    .from(inspections)
    .where(and(eq(inspections.enterpriseId, enterpriseId), scopeCondition(scope, 'inspections')))
    .orderBy(desc(inspections.inspectedOn), desc(inspections.id))
}

/** The enterprise's id and risk level, if it is in the caller's scope. */
export async function enterpriseRiskInScope(db: Database, scope: Scope, id: number) {
  const [enterprise] = await db.orm
    .select({ id: enterprises.id, riskLevel: enterprises.riskLevel })
    .from(enterprises)
    .where(and(eq(enterprises.id, id), scopeCondition(scope, 'enterprises')))
  return enterprise
}

/** The enterprise's inspections newest first, each with how many hazards it found (the visit history). */
export function visitHistory(db: Database, enterpriseId: number) {
  return db.orm
    .select({
      id: inspections.id,
      kind: inspections.kind,
      status: inspections.status,
      inspectedOn: inspections.inspectedOn,
      inspectors: inspections.inspectors,
      findings: inspections.findings,
      campaignId: inspections.campaignId,
      // Spelled out: Drizzle renders a lone column as "id", which the subquery would take as h.id.
      hazardsFound: sql<number>`(SELECT count(*)::int FROM hazards h WHERE h.inspection_id = inspections.id)`,
    })
    .from(inspections)
    .where(eq(inspections.enterpriseId, enterpriseId))
    .orderBy(desc(inspections.inspectedOn), desc(inspections.id))
}
