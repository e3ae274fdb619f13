/**
 * Recording an inspection on site (DOMAIN §3, §5), mounted at /api/inspections.
 *
 * | method | path              | body | returns |
 * |--------|-------------------|------|---------|
 * | POST   | /api/inspections  | `{ enterprise_id, kind, inspected_on, inspectors[], findings?, hazards?: [{ level, description, deadline?, category? }] }` | 201 `{ inspection, hazards }` |
 * | POST   | /api/inspections  | the same with `planned_inspection_id` and `version` (or If-Match): completes that planned inspection (e.g. a 双随机 pick) | 200 `{ inspection, hazards }`; 409 stale; 422 already done |
 *
 * | POST   | /api/inspections  | multipart/form-data: part `inspection` = the JSON body above, files `hazards.{i}.photos` = photos of hazard i (整改前) | the same; all or nothing |
 *
 * With `client_request_id` (8–100 of A–Z a–z 0–9 _ -, made by the client once per save) a repeated
 * request — a retry after a lost answer — returns 200 with what the first one saved, never a second
 * inspection; the same key with a different inspection is 409 `request_id_reused`. Photos follow the
 * rules of POST /api/hazards/{id}/photos (413, 415, 422; the pixel budget is for all of the request's
 * photos together) and are decoded only once the enterprise is known to be in scope, before the
 * transaction, so a bad photo saves nothing at all.
 *
 * kind ∈ routine, monthly, holiday, special, unannounced, double_random; inspected_on ≤ today.
 * Each hazard starts `reported`, or `assigned` when it has a deadline (≥ inspected_on); it takes
 * the enterprise's location, and the caller as its reporter (who may then not close it). The
 * enterprise must be in the caller's scope (404 otherwise). One transaction, audited per row.
 */
import { and, eq, getTableColumns, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { enterprises, hazardLevels, hazards as hazardsTable, inspectionKinds, inspections } from '../../db/schema.ts'
import { ApiError, badRequest, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { requireRole, writerRoles } from '../auth/principal.ts'
import { scopeCondition } from '../scope.ts'
import { parseJson } from '../http/json-body.ts'
import { readMultipart } from '../http/multipart.ts'
import { isoDate, multilineText, rowId, text } from '../http/values.ts'
import { checkDeadlineHorizon } from '../hazards/deadline.ts'
import type { StoredPhoto } from '../hazards/photo.ts'
import { readHazardRules } from '../rules/hazard-settings.ts'
import { parseBody, parseValue } from '../http/validate.ts'
import { hazardColumns } from '../hazards/writes.ts'
import {
  insertPhotos,
  isMultipart,
  photosOf,
  pixelBudget,
  reencodeUploads,
  type NamedUpload,
} from '../hazards/photo-store.ts'
import { audit, snake, txRows, type Tx } from '../writes/tx.ts'
import { sentVersion, staleVersion } from '../writes/versioned.ts'

const day = isoDate
const hazardBody = z.strictObject({
  level: z.enum(hazardLevels),
  description: multilineText(2000),
  deadline: day.optional(),
  category: text(100).optional(),
})
const inspectionBody = z.strictObject({
  enterprise_id: rowId,
  kind: z.enum(inspectionKinds),
  inspected_on: day,
  inspectors: z.array(text(50)).min(1).max(20),
  findings: multilineText(5000, 0).optional(),
  hazards: z.array(hazardBody).max(50).default([]),
  /** Completes this planned inspection (e.g. of a 双随机 draw) instead of adding a new one. */
  planned_inspection_id: rowId.optional(),
  version: rowId.optional(),
  client_request_id: z
    .string()
    .regex(/^[\w-]{8,100}$/, 'expected 8–100 letters, digits, _ or -')
    .optional(),
})
type InspectionBody = z.infer<typeof inspectionBody>

const inspectionColumns = getTableColumns(inspections)

/** The JSON body, or the `inspection` part and the hazards' photo files (not yet decoded) of a multipart one. */
async function readInspection(c: Context<AppEnv>): Promise<{ body: InspectionBody; uploads: NamedUpload[][] }> {
  if (!isMultipart(c)) return { body: await parseBody(c, inspectionBody), uploads: [] }
  // Headers only (no decoding) as each photo arrives: a request over its pixel budget stops here.
  const budget = pixelBudget()
  const { fields, files } = await readMultipart(c, {
    onFile: (name, upload, i) => budget({ name: `${name}.${i} (${upload.filename})`, bytes: upload.bytes }),
  })
  const json = fields.get('inspection')
  if (json === undefined) throw badRequest('A multipart inspection needs its JSON in a part named `inspection`')
  const body = parseValue(parseJson(json, 'The `inspection` part'), inspectionBody)
  const uploads: NamedUpload[][] = body.hazards.map(() => [])
  for (const name of [...fields.keys(), ...files.keys()]) {
    const index = /^hazards\.(\d+)\.photos$/.exec(name)?.[1]
    if (name === 'inspection') continue
    if (index === undefined || Number(index) >= body.hazards.length || !files.has(name)) {
      throw badRequest(
        `Unexpected part ${name}: photos go in file parts named hazards.{i}.photos, i < ${body.hazards.length}`,
      )
    }
    uploads[Number(index)] = files
      .get(name)!
      .map((upload, n) => ({ name: `${name}.${n} (${upload.filename})`, bytes: upload.bytes }))
  }
  return { body, uploads }
}

/**
 * The hazards' photos re-encoded, once the enterprise (and the planned inspection) are known to be
 * in the caller's scope: out of scope is the same 404 as the save's and costs no decoding. Decoding
 * is slow, so it happens here, before the save's transaction, which then only writes.
 */
async function decodeInScope(c: Context<AppEnv>, body: InspectionBody, uploads: NamedUpload[][]) {
  if (uploads.every((list) => list.length === 0)) return []
  const orm = c.get('db').orm
  const [enterprise] = await orm
    .select({ id: enterprises.id })
    .from(enterprises)
    .where(and(eq(enterprises.id, body.enterprise_id), scopeCondition(c.get('scope'), 'enterprises')))
  if (!enterprise) throw notFound(`No enterprise ${body.enterprise_id}`)
  const planned = body.planned_inspection_id
  if (planned !== undefined) {
    const [row] = await orm
      .select({ enterpriseId: inspections.enterpriseId })
      .from(inspections)
      .where(and(eq(inspections.id, planned), scopeCondition(c.get('scope'), 'inspections')))
    if (row?.enterpriseId !== enterprise.id)
      throw notFound(`No planned inspection ${planned} of enterprise ${enterprise.id}`)
  }
  const decoded = await reencodeUploads(uploads.flat())
  let next = 0
  return uploads.map((list) => decoded.slice(next, (next += list.length)))
}

/** What a save answers: the inspection, its hazards with their photos. */
async function savedResult(tx: Pick<Tx, 'select'>, inspection: typeof inspections.$inferSelect) {
  const created = await tx
    .select(hazardColumns)
    .from(hazardsTable)
    .where(eq(hazardsTable.inspectionId, inspection.id))
    .orderBy(hazardsTable.id)
  const photos = await photosOf(
    tx,
    created.map((h) => h.id),
  )
  return { inspection, hazards: created.map((h) => ({ ...h, photos: photos.get(h.id)! })) }
}

/** The inspection a save with this key made before, in the caller's scope. */
async function earlierSave(tx: Pick<Tx, 'select'>, c: Context<AppEnv>, key: string) {
  const [earlier] = await tx
    .select(inspectionColumns)
    .from(inspections)
    .where(and(eq(inspections.clientRequestId, key), scopeCondition(c.get('scope'), 'inspections')))
  return earlier
}

/**
 * Whether `body` asks for what `saved` holds: the same enterprise (and planned inspection), kind,
 * date, inspectors, findings and hazards in order. Photos are not compared: a retry may come
 * without them (as JSON), and their stored bytes are re-encoded, never the ones sent.
 */
function sameSave(saved: Awaited<ReturnType<typeof savedResult>>, body: InspectionBody): boolean {
  const { inspection, hazards } = saved
  const asSent = (h: InspectionBody['hazards'][number]) => [
    h.level,
    h.description,
    h.deadline ?? null,
    h.category ?? null,
  ]
  const asSaved = (h: (typeof hazards)[number]) => [h.level, h.description, h.deadline, h.category]
  return (
    inspection.enterpriseId === body.enterprise_id &&
    (body.planned_inspection_id === undefined || inspection.id === body.planned_inspection_id) &&
    inspection.kind === body.kind &&
    inspection.inspectedOn === body.inspected_on &&
    JSON.stringify(inspection.inspectors) === JSON.stringify(body.inspectors) &&
    (inspection.findings ?? null) === (body.findings ?? null) &&
    JSON.stringify(hazards.map(asSaved)) === JSON.stringify(body.hazards.map(asSent))
  )
}

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  ((error as { code?: unknown }).code === '23505' || isUniqueViolation((error as { cause?: unknown }).cause))

export const inspectionsRoute = new Hono<AppEnv>().post('/', async (c) => {
  const principal = requireRole(c, writerRoles, 'Recording an inspection')
  const { body, uploads } = await readInspection(c)
  const today = c.get('today')
  if (body.inspected_on > today) {
    throw new ApiError(422, `inspected_on ${body.inspected_on} is in the future (today is ${today})`)
  }
  const db = c.get('db')
  const { listing_deadline_max_days: maxDays } = await readHazardRules(db)
  body.hazards.forEach((h, i) => {
    if (!h.deadline) return
    if (h.deadline < body.inspected_on) {
      throw new ApiError(
        422,
        `hazards.${i}.deadline ${h.deadline} is before the inspection (${body.inspected_on})`,
        undefined,
        'deadline_out_of_range',
      )
    }
    checkDeadlineHorizon(`hazards.${i}.deadline`, h.deadline, body.inspected_on, maxDays)
  })
  const key = body.client_request_id
  const replay = async () => {
    const earlier = key === undefined ? undefined : await earlierSave(db.orm, c, key)
    if (!earlier) return undefined
    const result = await savedResult(db.orm, earlier)
    if (!sameSave(result, body)) {
      throw new ApiError(
        409,
        `client_request_id ${key} was used for a different inspection (${earlier.id}); make a new one per save`,
        { inspection_id: earlier.id },
        'request_id_reused',
      )
    }
    return c.json({ inspection: snake(result.inspection), hazards: result.hazards.map(snake), replayed: true }, 200)
  }
  const replayed = await replay()
  if (replayed) return replayed
  const photos = await decodeInScope(c, body, uploads)
  let result: Awaited<ReturnType<typeof savedResult>>
  try {
    result = await save(c, body, photos, principal)
  } catch (error) {
    // The same save, sent twice at once: the second waits on the unique key, then answers as a retry.
    if (key !== undefined && isUniqueViolation(error)) {
      const again = await replay()
      if (again) return again
      throw new ApiError(
        409,
        `client_request_id ${key} was already used by another save; make a new one per save`,
        undefined,
        'request_id_reused',
      )
    }
    throw error
  }
  return c.json(
    { inspection: snake(result.inspection), hazards: result.hazards.map(snake) },
    body.planned_inspection_id === undefined ? 201 : 200,
  )
})

function save(
  c: Context<AppEnv>,
  body: InspectionBody,
  photos: StoredPhoto[][],
  principal: ReturnType<typeof requireRole>,
) {
  return c.get('db').orm.transaction(async (tx) => {
    const [enterprise] = await tx
      .select({ id: enterprises.id })
      .from(enterprises)
      .where(and(eq(enterprises.id, body.enterprise_id), scopeCondition(c.get('scope'), 'enterprises')))
    if (!enterprise) throw notFound(`No enterprise ${body.enterprise_id}`)
    const visit = {
      kind: body.kind,
      status: 'done' as const,
      inspectedOn: body.inspected_on,
      inspectors: body.inspectors,
      findings: body.findings ?? null,
      clientRequestId: body.client_request_id ?? null,
    }
    let inspection: typeof inspections.$inferSelect | undefined
    if (body.planned_inspection_id === undefined) {
      ;[inspection] = await tx
        .insert(inspections)
        .values({ enterpriseId: enterprise.id, ...visit })
        .returning(inspectionColumns)
      await audit(tx, principal, {
        action: 'create',
        entity: 'inspections',
        entityId: inspection!.id,
        after: snake(inspection!),
      })
    } else {
      const planned = body.planned_inspection_id
      const [before] = await tx
        .select(inspectionColumns)
        .from(inspections)
        .where(and(eq(inspections.id, planned), scopeCondition(c.get('scope'), 'inspections')))
        .for('update')
      if (!before || before.enterpriseId !== enterprise.id) {
        throw notFound(`No planned inspection ${planned} of enterprise ${enterprise.id}`)
      }
      const version = sentVersion(c, body.version)
      if (before.version !== version) throw staleVersion('inspection', snake(before) as typeof before, version)
      if (before.status !== 'planned') throw new ApiError(422, `Inspection ${planned} is already done`)
      ;[inspection] = await tx
        .update(inspections)
        .set({ ...visit, version: before.version + 1, updatedAt: new Date() })
        .where(eq(inspections.id, planned))
        .returning(inspectionColumns)
      await audit(tx, principal, {
        action: 'complete',
        entity: 'inspections',
        entityId: planned,
        before: snake(before),
        after: snake(inspection!),
      })
    }
    for (const [i, h] of body.hazards.entries()) {
      // The geometry is copied inside PostgreSQL, exactly; the trigger assigns town and grid.
      const [{ id }] = (await txRows<{ id: number }>(
        tx,
        sql`INSERT INTO hazards (enterprise_id, inspection_id, level, status, category, description, found_on, found_by,
            reported_by_user_id, deadline, geom)
          SELECT e.id, ${inspection!.id}::int, ${h.level}, ${h.deadline ? 'assigned' : 'reported'}, ${h.category ?? null},
            ${h.description}, ${body.inspected_on}::date, ${principal.displayName}, ${principal.userId}::int,
            ${h.deadline ?? null}::date, e.geom
          FROM enterprises e WHERE e.id = ${enterprise.id}::int
          RETURNING id`,
      )) as [{ id: number }]
      const [row] = await tx.select(hazardColumns).from(hazardsTable).where(eq(hazardsTable.id, id))
      await audit(tx, principal, { action: 'create', entity: 'hazards', entityId: id, after: snake(row!) })
      await insertPhotos(tx, principal, id, 'found', photos[i] ?? [])
    }
    return savedResult(tx, inspection!)
  })
}

export { inspectionsRoute as inspections }
