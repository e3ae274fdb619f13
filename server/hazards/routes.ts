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
import { Hono, type Context } from 'hono'
import { hazardPhotoStages } from '../../db/schema.ts'
import { ApiError, badRequest, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { allow, principalOf, writerOf, writerRoles, type Principal } from '../auth/principal.ts'
import { isMultipart, readMultipart } from '../http/multipart.ts'
import { sentVersion } from '../http/sent-version.ts'
import { json, param } from '../http/validate.ts'
import { readHazardRules } from '../rules/hazard-settings.ts'
import {
  extensionPending,
  extensionWindow,
  hasListingAuthority,
  isListed,
  listingLevelOf,
  nextStatusesFor,
} from '../rules/listing-actions.ts'
import { hazardAnswer, hazardFacts } from './answer.ts'
import { addDays, checkTransition } from './closed-loop.ts'
import { checkDeadlineHorizon } from './deadline.ts'
import { photosOf, type PhotoStage } from './photo-queries.ts'
import { pixelBudget, reencodeUploads } from './photo-uploads.ts'
import { hazardInScope, photoFile, type HazardRow } from './queries.ts'
import { delistBody, extensionBody, hazardPath, listingBody, photoPath, transitionBody } from './schemas.ts'
import { addPhotos, changeHazard, deletePhoto, escalateOverdue, photosMayChange, unprocessable } from './writes.ts'

const hazardId = param(hazardPath, { error: 'Malformed hazard id' })
const photoId = param(photoPath, { error: 'Malformed hazard or photo id' })

/** Each closed-loop write's checks, in order: the role (403 first), the hazard id, the body. */
const transitionSteps = [
  allow(writerRoles, 'Moving a hazard along its closed loop'),
  hazardId,
  json(transitionBody),
] as const
const listingSteps = [
  allow(['admin', 'county', 'town'], '挂牌督办 (listing a major hazard)'),
  hazardId,
  json(listingBody),
] as const
const extensionSteps = [allow(writerRoles, 'An extension'), hazardId, json(extensionBody)] as const
const delistSteps = [allow(['admin', 'county', 'town'], '摘牌销号 (delisting)'), hazardId, json(delistBody)] as const

function requireListingAuthority(principal: Principal, row: HazardRow, what: string) {
  if (!hasListingAuthority(principal, hazardFacts(row))) {
    throw new ApiError(
      403,
      `${what} of a ${row.listedByLevel}-listed hazard is for ${row.listedByLevel === 'county' ? 'county' : 'town or county'} users`,
    )
  }
}

/**
 * One versioned change of the hazard (server/hazards/writes.ts changeHazard), with the version from
 * the body or If-Match, answered as every hazard answer is.
 */
async function changeAndAnswer(
  c: Context<AppEnv>,
  id: number,
  body: { version?: number | undefined; note?: string | undefined },
  action: string,
  decide: Parameters<typeof changeHazard>[4],
) {
  const sent = { version: sentVersion(c, body.version), note: body.note }
  return answer(c, await changeHazard(writerOf(c), id, sent, action, decide))
}

/** The hazard as answers send it, with `overdue`, `days_overdue` and the caller's `actions`. */
async function answer(c: Context<AppEnv>, row: HazardRow) {
  const db = c.get('db')
  const [rules, photos] = await Promise.all([readHazardRules(db), photosOf(db.orm, [row.id])])
  const principal = principalOf(c)
  const facts = { ...hazardFacts(row), photos: photos.get(row.id)! }
  return {
    hazard: hazardAnswer(facts, principal, c.get('today'), rules),
    next: nextStatusesFor(facts, principal),
  }
}

export const hazards = new Hono<AppEnv>()
  .post('/escalate', allow(['admin', 'county', 'town'], 'Escalating overdue hazards'), async (c) => {
    const today = c.get('today')
    const rules = await readHazardRules(c.get('db'))
    const escalated = await escalateOverdue(writerOf(c), today, rules.hazard_escalation)
    return c.json({ asOf: today, rule: rules.hazard_escalation, escalated })
  })
  .get('/:id', hazardId, async (c) => {
    const { id } = c.req.valid('param')
    const row = await hazardInScope(c.get('db'), c.get('scope'), id)
    if (!row) throw notFound(`No hazard ${id}`)
    return c.json(await answer(c, row))
  })
  .post('/:id/photos', allow(writerRoles, 'Adding photos to a hazard'), hazardId, async (c) => {
    const { id } = c.req.valid('param')
    if (!isMultipart(c)) throw new ApiError(415, 'Send the photos as multipart/form-data, in file parts named `photos`')
    // Scope first, before the body is read: a hazard out of scope costs no parsing and no decoding.
    await photosMayChange(c.get('db').orm, c.get('scope'), id)
    const budget = pixelBudget()
    const { fields, files } = await readMultipart(c, {
      onFile: (name, upload, i) => budget({ name: `${name}.${i} (${upload.filename})`, bytes: upload.bytes }),
    })
    const stage = fields.get('stage') ?? 'found'
    if (!(hazardPhotoStages as readonly string[]).includes(stage)) {
      throw badRequest(
        `stage must be one of ${hazardPhotoStages.join(', ')}, not ${JSON.stringify(stage.slice(0, 40))}`,
      )
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
    const created = await addPhotos(writerOf(c), id, stage as PhotoStage, photos)
    return c.json({ hazard_id: id, photos: created }, 201)
  })
  .get('/:id/photos/:photo', photoId, async (c) => {
    const { id, photo } = c.req.valid('param')
    const row = await photoFile(c.get('db'), c.get('scope'), id, photo)
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
  .delete('/:id/photos/:photo', allow(writerRoles, 'Removing a hazard photo'), photoId, async (c) => {
    const { id, photo } = c.req.valid('param')
    await deletePhoto(writerOf(c), id, photo)
    return c.body(null, 204)
  })
  .post('/:id/transition', ...transitionSteps, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const today = c.get('today')
    const { listing_deadline_max_days: maxDays } = await readHazardRules(c.get('db'))
    return c.json(
      await changeAndAnswer(c, id, body, 'transition', (row, principal) => {
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
        if (body.deadline)
          throw unprocessable('Only the step to assigned sets a deadline; an extension moves a listed one')
        if (body.to === 'closed') {
          return {
            status: 'closed',
            closedOn: today,
            ...(body.rectification_cost_yuan === undefined
              ? {}
              : { rectificationCostYuan: body.rectification_cost_yuan }),
          }
        }
        return { status: body.to }
      }),
    )
  })
  .post('/:id/listing', ...listingSteps, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const today = c.get('today')
    const rules = await readHazardRules(c.get('db'))
    const listedOn = body.listed_on ?? today
    return c.json(
      await changeAndAnswer(c, id, body, 'list', (row, principal) => {
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
      }),
    )
  })
  .post('/:id/extension', ...extensionSteps, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const today = c.get('today')
    const rules = await readHazardRules(c.get('db'))
    const action = body.action === 'request' ? 'request_extension' : `${body.action}_extension`
    return c.json(
      await changeAndAnswer(c, id, body, action, (row, principal) => {
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
      }),
    )
  })
  .post('/:id/delist', ...delistSteps, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const today = c.get('today')
    const delistedOn = body.delisted_on ?? today
    return c.json(
      await changeAndAnswer(c, id, body, 'delist', (row, principal) => {
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
      }),
    )
  })
