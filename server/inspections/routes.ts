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
import { Hono, type Context } from 'hono'
import { ApiError, badRequest, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { allow, writerOf } from '../auth/principal.ts'
import { checkDeadlineHorizon } from '../hazards/deadline.ts'
import { pixelBudget, reencodeUploads, type NamedUpload } from '../hazards/photo-uploads.ts'
import { parseJson, readJson } from '../http/json-body.ts'
import { isMultipart, readMultipart } from '../http/multipart.ts'
import { versionSent } from '../http/sent-version.ts'
import { parseValue } from '../http/validate.ts'
import { readHazardRules } from '../rules/hazard-settings.ts'
import { inspectionRecorders } from '../rules/inspection-actions.ts'
import { snake } from '../writes/tx.ts'
import { earlierSave, inspectionTarget, savedResult, type SavedInspection } from './queries.ts'
import { checkInspectedOn, saveOnce } from './visit-save.ts'
import { inspectionBody, type InspectionBody } from './schemas.ts'
import { saveInspection } from './writes.ts'

/**
 * The JSON body, or the `inspection` part and the hazards' photo files (not yet decoded) of a
 * multipart one. Not the json validator: the same body also comes as a multipart part.
 */
async function readInspection(c: Context<AppEnv>): Promise<{ body: InspectionBody; uploads: NamedUpload[][] }> {
  if (!isMultipart(c)) return { body: parseValue(await readJson(c), inspectionBody), uploads: [] }
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
  const { enterprise_id: enterpriseId, planned_inspection_id: planned } = body
  const target = await inspectionTarget(c.get('db').orm, c.get('scope'), enterpriseId, planned)
  if (target === 'no_enterprise') throw notFound(`No enterprise ${enterpriseId}`)
  if (target === 'no_planned') throw notFound(`No planned inspection ${planned} of enterprise ${enterpriseId}`)
  const decoded = await reencodeUploads(uploads.flat())
  let next = 0
  return uploads.map((list) => decoded.slice(next, (next += list.length)))
}

/**
 * Whether `body` asks for what `saved` holds: the same enterprise (and planned inspection), kind,
 * date, inspectors, findings and hazards in order. Photos are not compared: a retry may come
 * without them (as JSON), and their stored bytes are re-encoded, never the ones sent.
 */
function sameSave(saved: SavedInspection, body: InspectionBody): boolean {
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

const recorder = allow(inspectionRecorders, 'Recording an inspection')

export const inspections = new Hono<AppEnv>().post('/', recorder, async (c) => {
  const { body, uploads } = await readInspection(c)
  checkInspectedOn(body.inspected_on, c.get('today'))
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
    const earlier = key === undefined ? undefined : await earlierSave(db.orm, c.get('scope'), key)
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
    return { result, replayed: true }
  }
  const save = async () => {
    const photos = await decodeInScope(c, body, uploads)
    return { result: await saveInspection(writerOf(c), body, photos, versionSent(c, body.version)), replayed: false }
  }
  const { result, replayed } = await saveOnce(key, replay, save)
  if (replayed) {
    return c.json({ inspection: snake(result.inspection), hazards: result.hazards.map(snake), replayed: true }, 200)
  }
  return c.json(
    { inspection: snake(result.inspection), hazards: result.hazards.map(snake) },
    body.planned_inspection_id === undefined ? 201 : 200,
  )
})
