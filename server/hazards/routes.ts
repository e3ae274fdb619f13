/**
 * Hazards (隐患) and their closed loop, 挂牌督办 and escalation (DOMAIN §5), mounted at /api/hazards.
 * Every write is scoped (404 outside the caller's scope), versioned (`version` in the body or
 * If-Match; stale → 409 `{ error, details: { current } }`; none → 428), audited and one transaction.
 *
 * | method | path                          | body                                                        | who |
 * |--------|-------------------------------|-------------------------------------------------------------|-----|
 * | GET    | /api/hazards/{id}             | —  → `{ hazard, next }`: hazard with `photos`, `overdue`, `days_overdue`, `actions` (server/rules/listing-actions.ts); next: statuses this caller may move it to | any reader |
 * | POST   | /api/hazards/{id}/transition  | `{ to, version, deadline?, note?, rectification_cost_yuan? }` | writers; re-check/close: town, county, admin, never the reporter |
 * | POST   | /api/hazards/{id}/listing     | `{ version, listed_by_unit, listing_round, listing_deadline, listed_on? }` | county, admin (county level); town (town level) |
 * | POST   | /api/hazards/{id}/extension   | `{ version, action: 'request', requested_deadline }` · `{ version, action: 'approve' \| 'reject' }` | request: writers; decide: the listing level or above |
 * | POST   | /api/hazards/{id}/delist      | `{ version, delisted_on? }`                                  | the listing level or above; closed hazards only |
 * | POST   | /api/hazards/escalate         | —  → `{ escalated: [{ id, from, to, days_overdue }] }`       | town, county, admin (own scope) |
 * | POST   | /api/hazards/{id}/photos      | multipart/form-data: `photos` (1–9 files), `stage`? = found \| rectified → 201 `{ photos: [{ id, stage, width, height }] }` | writers; not on a closed hazard |
 * | GET    | /api/hazards/{id}/photos/{photo} | —  → the stored JPEG (`private`, immutable)               | any reader |
 * | DELETE | /api/hazards/{id}/photos/{photo} | —  → 204                                                   | the uploader, county, admin; not on a closed hazard |
 *
 * The transition, listing, extension and delist answers are `{ hazard, next }` the same way.
 * Transitions: reported → assigned (deadline required) → rectifying → awaiting_recheck → closed
 * (closed_on = today), or awaiting_recheck → rectifying when the re-check fails. Anything else is
 * 422 listing the allowed next statuses; a role that may not take the step gets 403.
 * Escalation is explicit (POST /escalate, e.g. from a daily timer or the wall display): overdue
 * open hazards are raised to the level of the hazard_escalation setting and never lowered; reads
 * (/ogc hazards `overdue`, the worklist's `due_escalation_level`) show it without writing.
 *
 * Photos (整改前 `found`, 整改后 `rectified`) are re-encoded before they are stored (server/hazards/photo.ts):
 * JPEG, PNG or WebP by content (else 415); each ≤ 10 MB and ≤ 50 megapixels, a request ≤ 40 MB, 9 files
 * and 200 megapixels (413, server/http/body-limits.ts); at most 9 per hazard and stage (422). Nothing is
 * read or decoded before the scope check. Photos are never versioned: adding one does not change the
 * hazard's version.
 */
import { and, eq, getTableColumns, sql } from 'drizzle-orm'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { hazardPhotos, hazardPhotoStages, hazards, hazardStatuses } from '../../db/schema.ts'
import { ApiError, badRequest, notFound, type ErrorCode } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { principalOf, requireRole, writerRoles, type Principal } from '../auth/principal.ts'
import { addDays, checkTransition } from './closed-loop.ts'
import { hazardAnswer, hazardFacts } from './answer.ts'
import { checkDeadlineHorizon } from './deadline.ts'
import { readHazardRules } from '../rules/hazard-settings.ts'
import {
  extensionPending,
  extensionWindow,
  hasListingAuthority,
  isListed,
  listingLevelOf,
  mayDeletePhoto,
  nextStatusesFor,
} from '../rules/listing-actions.ts'
import { daysOverdue, escalationLevelFor, hazardOverdue } from '../rules/overdue.ts'
import { readMultipart } from '../http/multipart.ts'
import { pathId } from '../http/path-params.ts'
import { isoDate, multilineText, rowId, text } from '../http/values.ts'
import { scopeCondition } from '../scope.ts'
import { parseBody } from '../http/validate.ts'
import { changeHazard, hazardColumns, type HazardRow } from './writes.ts'
import {
  insertPhotos,
  isMultipart,
  photoAuditRow,
  photosOf,
  pixelBudget,
  reencodeUploads,
} from './photo-store.ts'
import { audit, snake, type Tx } from '../writes/tx.ts'

const day = isoDate
const version = rowId.optional()
const note = multilineText(2000, 0).optional()

const transitionBody = z.strictObject({
  to: z.enum(hazardStatuses),
  version,
  deadline: day.optional(),
  note,
  rectification_cost_yuan: z.number().nonnegative().max(1e11).optional(),
})
const listingBody = z.strictObject({
  version,
  listed_by_unit: text(200),
  listing_round: text(100),
  listed_on: day.optional(),
  listing_deadline: day,
  note,
})
const extensionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('request'), version, requested_deadline: day, note }),
  z.strictObject({ action: z.enum(['approve', 'reject']), version, note }),
])
const delistBody = z.strictObject({ version, delisted_on: day.optional(), note })

const getPhotoColumns = () => getTableColumns(hazardPhotos)

const unprocessable = (message: string, details?: unknown, code: ErrorCode = 'unprocessable') =>
  new ApiError(422, message, details, code)

const hazardId = (c: Context<AppEnv>) => pathId(c, 'id', 'hazard id')

function requireListingAuthority(principal: Principal, row: NonNullable<HazardRow>, what: string) {
  if (!hasListingAuthority(principal, hazardFacts(row))) {
    throw new ApiError(
      403,
      `${what} of a ${row.listedByLevel}-listed hazard is for ${row.listedByLevel === 'county' ? 'county' : 'town or county'} users`,
    )
  }
}

/** The hazard as answers send it, with `overdue`, `days_overdue` and the caller's `actions`. */
async function answer(c: Context<AppEnv>, row: NonNullable<HazardRow>) {
  const db = c.get('db')
  const [rules, photos] = await Promise.all([readHazardRules(db), photosOf(db.orm, [row.id])])
  const principal = principalOf(c)
  const facts = { ...hazardFacts(row), photos: photos.get(row.id)! }
  return {
    hazard: hazardAnswer(facts, principal, c.get('today'), rules),
    next: nextStatusesFor(facts, principal),
  }
}

export const hazardsRoute = new Hono<AppEnv>()

hazardsRoute.post('/escalate', async (c) => {
  const principal = requireRole(c, ['admin', 'county', 'town'], 'Escalating overdue hazards')
  const today = c.get('today')
  const db = c.get('db')
  const rules = await readHazardRules(db)
  const escalated = await db.orm.transaction(async (tx) => {
    const overdue = await tx
      .select(hazardColumns)
      .from(hazards)
      .where(and(hazardOverdue('hazards', sql`${today}::date`), scopeCondition(c.get('scope'), 'hazards')))
      .orderBy(hazards.id)
      .for('update')
    const changes = []
    for (const row of overdue) {
      const days = daysOverdue(row, today)
      const level = escalationLevelFor(days, rules.hazard_escalation)
      if (level <= row.escalationLevel) continue
      const [after] = await tx
        .update(hazards)
        .set({ escalationLevel: level, version: row.version + 1, updatedAt: new Date() })
        .where(eq(hazards.id, row.id))
        .returning(hazardColumns)
      await audit(tx, principal, {
        action: 'escalate',
        entity: 'hazards',
        entityId: row.id,
        before: snake(row),
        after: snake(after!),
      })
      changes.push({ id: row.id, from: row.escalationLevel, to: level, days_overdue: days })
    }
    return changes
  })
  return c.json({ asOf: today, rule: rules.hazard_escalation, escalated })
})

hazardsRoute.get('/:id', async (c) => {
  const id = hazardId(c)
  const [row] = await c
    .get('db')
    .orm.select(hazardColumns)
    .from(hazards)
    .where(and(eq(hazards.id, id), scopeCondition(c.get('scope'), 'hazards')))
  if (!row) throw notFound(`No hazard ${id}`)
  return c.json(await answer(c, row))
})

const photoId = (c: Context<AppEnv>) => pathId(c, 'photo', 'photo id')

hazardsRoute.post('/:id/photos', async (c) => {
  const principal = requireRole(c, writerRoles, 'Adding photos to a hazard')
  const id = hazardId(c)
  if (!isMultipart(c)) throw new ApiError(415, 'Send the photos as multipart/form-data, in file parts named `photos`')
  // Scope first, before the body is read: a hazard out of scope costs no parsing and no decoding.
  await photosMayChange(c, c.get('db').orm, id)
  const budget = pixelBudget()
  const { fields, files } = await readMultipart(c, {
    onFile: (name, upload, i) => budget({ name: `${name}.${i} (${upload.filename})`, bytes: upload.bytes }),
  })
  const stage = fields.get('stage') ?? 'found'
  if (!(hazardPhotoStages as readonly string[]).includes(stage)) {
    throw badRequest(`stage must be one of ${hazardPhotoStages.join(', ')}, not ${stage}`)
  }
  const unexpected = [...fields.keys(), ...files.keys()].filter((name) => name !== 'stage' && name !== 'photos')
  if (unexpected.length > 0)
    throw badRequest(`Unexpected parts: ${unexpected.join(', ')}; send \`photos\` and \`stage\``)
  const uploads = files.get('photos') ?? []
  if (uploads.length === 0) throw badRequest('No photos: send one or more file parts named `photos`')
  // Decoding is slow: it happens before the transaction, which then only writes.
  const photos = await reencodeUploads(
    uploads.map((upload, i) => ({ name: `photos.${i} (${upload.filename})`, bytes: upload.bytes })),
  )
  const created = await c.get('db').orm.transaction(async (tx) => {
    await photosMayChange(c, tx, id, true)
    return insertPhotos(tx, principal, id, stage as (typeof hazardPhotoStages)[number], photos)
  })
  return c.json({ hazard_id: id, photos: created }, 201)
})

/** 404 unless the hazard is in the caller's scope, 422 once it is closed; `lock` holds it for the write. */
async function photosMayChange(c: Context<AppEnv>, q: Pick<Tx, 'select'>, id: number, lock = false) {
  const query = q
    .select({ id: hazards.id, status: hazards.status })
    .from(hazards)
    .where(and(eq(hazards.id, id), scopeCondition(c.get('scope'), 'hazards')))
  const [row] = lock ? await query.for('update') : await query
  if (!row) throw notFound(`No hazard ${id}`)
  if (row.status === 'closed')
    throw unprocessable(`Hazard ${id} is closed; its photos can no longer change`, undefined, 'hazard_closed')
}

hazardsRoute.get('/:id/photos/:photo', async (c) => {
  const id = hazardId(c)
  const photo = photoId(c)
  const [row] = await c
    .get('db')
    .orm.select({ bytes: hazardPhotos.bytes, contentType: hazardPhotos.contentType, sha256: hazardPhotos.sha256 })
    .from(hazardPhotos)
    .innerJoin(hazards, eq(hazards.id, hazardPhotos.hazardId))
    .where(and(eq(hazardPhotos.id, photo), eq(hazards.id, id), scopeCondition(c.get('scope'), 'hazards')))
  if (!row) throw notFound(`No photo ${photo} of hazard ${id}`)
  const etag = `"${row.sha256}"`
  const headers = {
    'Content-Type': row.contentType,
    'X-Content-Type-Options': 'nosniff',
    // A photo never changes (a wrong one is deleted, a new one gets a new id); only its viewers may keep it.
    'Cache-Control': 'private, max-age=31536000, immutable',
    'Content-Disposition': `inline; filename="hazard-${id}-photo-${photo}.jpg"`,
    ETag: etag,
  }
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers)
  return c.body(new Uint8Array(row.bytes), 200, headers)
})

hazardsRoute.delete('/:id/photos/:photo', async (c) => {
  const principal = requireRole(c, writerRoles, 'Removing a hazard photo')
  const id = hazardId(c)
  const photo = photoId(c)
  await c.get('db').orm.transaction(async (tx) => {
    const [hazard] = await tx
      .select({ id: hazards.id, status: hazards.status })
      .from(hazards)
      .where(and(eq(hazards.id, id), scopeCondition(c.get('scope'), 'hazards')))
      .for('update')
    if (!hazard) throw notFound(`No hazard ${id}`)
    const { bytes: _bytes, ...columns } = getPhotoColumns()
    const [row] = await tx
      .select(columns)
      .from(hazardPhotos)
      .where(and(eq(hazardPhotos.id, photo), eq(hazardPhotos.hazardId, id)))
    if (!row) throw notFound(`No photo ${photo} of hazard ${id}`)
    if (hazard.status === 'closed')
      throw unprocessable(`Hazard ${id} is closed; its photos are part of its record`, undefined, 'hazard_closed')
    if (!mayDeletePhoto(principal, row.uploadedByUserId)) {
      throw new ApiError(
        403,
        'A photo is removed by the user who uploaded it, or by a county or admin user',
        { uploaded_by_user_id: row.uploadedByUserId },
        'photo_not_yours',
      )
    }
    await tx.delete(hazardPhotos).where(eq(hazardPhotos.id, photo))
    await audit(tx, principal, {
      action: 'delete',
      entity: 'hazard_photos',
      entityId: photo,
      before: photoAuditRow(row),
    })
  })
  return c.body(null, 204)
})

hazardsRoute.post('/:id/transition', async (c) => {
  requireRole(c, writerRoles, 'Moving a hazard along its closed loop')
  const id = hazardId(c)
  const body = await parseBody(c, transitionBody)
  const today = c.get('today')
  const { listing_deadline_max_days: maxDays } = await readHazardRules(c.get('db'))
  const after = await changeHazard(c, id, body, 'transition', (row, principal) => {
    const check = checkTransition({
      from: row.status,
      to: body.to,
      role: principal.role,
      userId: principal.userId,
      reportedByUserId: row.reportedByUserId,
    })
    if (!check.ok)
      throw new ApiError(
        check.status,
        check.error,
        { from: row.status, to: body.to, allowed: check.allowed },
        check.code,
      )
    if (body.to === 'assigned') {
      if (!body.deadline) {
        throw unprocessable(
          'Assigning a hazard needs a rectification deadline (`deadline`)',
          undefined,
          'deadline_required',
        )
      }
      if (body.deadline < today) {
        throw unprocessable(
          `The deadline ${body.deadline} is before today (${today})`,
          undefined,
          'deadline_out_of_range',
        )
      }
      checkDeadlineHorizon('The deadline', body.deadline, today, maxDays)
      return { status: 'assigned', deadline: body.deadline }
    }
    if (body.deadline) throw unprocessable('Only the step to assigned sets a deadline; an extension moves a listed one')
    if (body.to === 'closed') {
      return {
        status: 'closed',
        closedOn: today,
        ...(body.rectification_cost_yuan === undefined ? {} : { rectificationCostYuan: body.rectification_cost_yuan }),
      }
    }
    return { status: body.to }
  })
  return c.json(await answer(c, after))
})

hazardsRoute.post('/:id/listing', async (c) => {
  const principal = requireRole(c, ['admin', 'county', 'town'], '挂牌督办 (listing a major hazard)')
  const id = hazardId(c)
  const body = await parseBody(c, listingBody)
  const today = c.get('today')
  const rules = await readHazardRules(c.get('db'))
  const listedOn = body.listed_on ?? today
  const after = await changeHazard(c, id, body, 'list', (row) => {
    if (row.level !== 'major') throw unprocessable('Only major hazards (重大隐患) are listed for supervision')
    if (row.status === 'closed') {
      throw unprocessable('The hazard is closed; there is nothing to supervise', undefined, 'hazard_closed')
    }
    if (isListed(hazardFacts(row)))
      throw unprocessable(`The hazard is already listed (${row.listingRound}, ${row.listedOn})`)
    if (listedOn > today) throw unprocessable(`listed_on ${listedOn} is after today (${today})`)
    const latest = addDays(listedOn, rules.listing_deadline_max_days)
    if (body.listing_deadline <= listedOn || body.listing_deadline > latest) {
      throw unprocessable(
        `listing_deadline must be after listed_on and at most ${rules.listing_deadline_max_days} days later (${latest})`,
        { earliest: addDays(listedOn, 1), latest },
        'deadline_out_of_range',
      )
    }
    return {
      listedByLevel: listingLevelOf(principal.role)!,
      listedByUnit: body.listed_by_unit,
      listingRound: body.listing_round,
      listedOn,
      listingDeadline: body.listing_deadline,
      deadline: body.listing_deadline,
      // A listing is a rectification order with a deadline.
      ...(row.status === 'reported' ? { status: 'assigned' as const } : {}),
      extensionRequestedOn: null,
      extensionDeadline: null,
      extensionApprovedOn: null,
      delistedOn: null,
      escalationLevel: 0,
    }
  })
  return c.json(await answer(c, after))
})

hazardsRoute.post('/:id/extension', async (c) => {
  requireRole(c, writerRoles, 'An extension')
  const id = hazardId(c)
  const body = await parseBody(c, extensionBody)
  const today = c.get('today')
  const rules = await readHazardRules(c.get('db'))
  const action = body.action === 'request' ? 'request_extension' : `${body.action}_extension`
  const after = await changeHazard(c, id, body, action, (row, principal) => {
    if (!isListed(hazardFacts(row)))
      throw unprocessable('Extensions are for hazards under listed supervision (挂牌督办)')
    if (row.status === 'closed') throw unprocessable('The hazard is closed', undefined, 'hazard_closed')
    const pending = extensionPending(hazardFacts(row))
    if (body.action === 'request') {
      if (pending) throw unprocessable(`An extension to ${row.extensionDeadline} is already waiting for a decision`)
      if (row.extensionApprovedOn !== null) throw unprocessable('The hazard already had its extension')
      const { left, needed, open } = extensionWindow(hazardFacts(row), {
        today,
        extensionRequestWorkingDays: rules.listing_extension_request_working_days,
      })
      if (!open) {
        throw unprocessable(
          `An extension must be requested at least ${needed} working days before the deadline ${row.deadline}; ${left} are left`,
          { deadline: row.deadline, workingDaysLeft: left, required: needed },
        )
      }
      if (body.requested_deadline <= row.deadline!) {
        throw unprocessable(
          `requested_deadline must be after the current deadline ${row.deadline}`,
          undefined,
          'deadline_out_of_range',
        )
      }
      // An extension is bounded as the listing was: at most a year past the deadline in force.
      checkDeadlineHorizon(
        'requested_deadline',
        body.requested_deadline,
        row.deadline!,
        rules.listing_deadline_max_days,
      )
      return { extensionRequestedOn: today, extensionDeadline: body.requested_deadline }
    }
    requireListingAuthority(principal, row, 'Deciding an extension')
    if (!pending) throw unprocessable('No extension request is waiting for a decision')
    // `deadline` is always the deadline in force; listing_deadline keeps the original.
    if (body.action === 'approve') return { extensionApprovedOn: today, deadline: row.extensionDeadline }
    return { extensionRequestedOn: null, extensionDeadline: null }
  })
  return c.json(await answer(c, after))
})

hazardsRoute.post('/:id/delist', async (c) => {
  requireRole(c, ['admin', 'county', 'town'], '摘牌销号 (delisting)')
  const id = hazardId(c)
  const body = await parseBody(c, delistBody)
  const today = c.get('today')
  const delistedOn = body.delisted_on ?? today
  const after = await changeHazard(c, id, body, 'delist', (row, principal) => {
    if (!isListed(hazardFacts(row))) throw unprocessable('The hazard is not listed')
    requireListingAuthority(principal, row, 'Delisting')
    if (row.status !== 'closed') {
      throw unprocessable(`Only a closed hazard is delisted (摘牌销号); this one is ${row.status}`, {
        status: row.status,
      })
    }
    if (delistedOn > today || delistedOn < row.listedOn!) {
      throw unprocessable(`delisted_on must be between listed_on ${row.listedOn} and today (${today})`)
    }
    return { delistedOn }
  })
  return c.json(await answer(c, after))
})

export { hazardsRoute as hazards }
