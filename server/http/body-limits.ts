/**
 * Every bound on a request body, in one place (DESIGN §7: one request cannot stop the server).
 * server/http/body-limit.ts refuses a body over its route's byte limit while it is read, before
 * authentication; server/http/multipart.ts and server/http/json-body.ts apply the rest.
 *
 * | method | path                       | body                | at most |
 * |--------|----------------------------|---------------------|---------|
 * | POST   | /api/auth/login            | any                 | 16 KB   |
 * | POST   | /api/hazards/{id}/photos   | multipart/form-data | 40 MB   |
 * | POST   | /api/inspections           | multipart/form-data | 40 MB   |
 * | POST   | /api/imports               | multipart/form-data | 50 MB + 64 KB |
 * | any    | anything else              | any                 | 1 MB    |
 */
import { importLimits } from '../../lib/limits.ts'
import { photoLimits } from '../hazards/photo.ts'

const KB = 1024
const MB = 1024 * KB

export type BodyLimitRule = {
  method: string
  path: RegExp
  /** The rule holds only for multipart/form-data bodies; a JSON body to the same path gets the default. */
  multipart?: boolean
  /** Bytes. */
  limit: number
  /** What the 413 suggests instead. */
  advice?: string
}

const photoAdvice = 'send fewer photos at a time, each at most 10 MB'

/** The first rule that matches a request gives its limit. */
export const bodyLimitRules: readonly BodyLimitRule[] = [
  // Before log-in anyone may send this one: a username and a password fit many times over.
  { method: 'POST', path: /^\/api\/auth\/login\/?$/, limit: 16 * KB },
  { method: 'POST', path: /^\/api\/hazards\/[^/]+\/photos\/?$/, multipart: true, limit: 40 * MB, advice: photoAdvice },
  { method: 'POST', path: /^\/api\/inspections\/?$/, multipart: true, limit: 40 * MB, advice: photoAdvice },
  // The file to import and its few small fields (server/imports/routes.ts).
  {
    method: 'POST',
    path: /^\/api\/imports\/?$/,
    multipart: true,
    limit: importLimits.maxFileBytes + 64 * KB,
    advice: 'split the file, or zip a shapefile',
  },
]

/** Any other body: the largest JSON write (an inspection with 50 hazards) is a few tens of KB. */
export const defaultBodyLimit = 1 * MB

/** What one multipart/form-data body may hold besides its byte limit above. */
export const multipartLimits = {
  /** Parts of any kind, counted as the body streams (a part without a name counts too). */
  parts: 200,
  /** File parts: an inspection with several hazards, each with its 9 photos. */
  files: 60,
  /** File parts of one name: the photos of one hazard and stage. */
  filesPerName: photoLimits.maxPerHazardStage,
  /** Bytes of one text part (the inspection's JSON). */
  fieldBytes: 256 * KB,
  /** Bytes of one file. */
  fileBytes: photoLimits.maxUploadBytes,
}

/** Arrays and objects nested in a JSON body; checked before JSON.parse, which recurses. */
export const maxJsonDepth = 32

/** 16 KB, 1 MB, 40 MB: a byte count as the messages say it. */
export const humanBytes = (bytes: number) =>
  bytes >= MB && bytes % MB === 0
    ? `${bytes / MB} MB`
    : bytes >= KB && bytes % KB === 0
      ? `${bytes / KB} KB`
      : `${bytes} B`

/** The byte limit for a request body, and what to suggest when it is passed. */
export function bodyLimitFor(method: string, path: string, contentType: string | undefined) {
  const multipart = (contentType ?? '').toLowerCase().startsWith('multipart/form-data')
  const rule = bodyLimitRules.find((r) => r.method === method && r.path.test(path) && (!r.multipart || multipart))
  return { limit: rule?.limit ?? defaultBodyLimit, advice: rule?.advice }
}
