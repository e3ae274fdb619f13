import { z } from 'zod'
import { countParam, idParam, rowId } from '../http/values.ts'

/** The paths, queries and bodies of /api/imports (server/imports/routes.ts), for the validator and the typed client. */

export const importPath = z.object({ id: idParam })

export const encodings = ['auto', 'utf-8', 'gbk'] as const

/** GET /api/imports/{id}/rows. */
export const rowsQuery = z.strictObject({
  filter: z.enum(['all', 'problems', 'errors']).default('all'),
  offset: countParam(10_000_000).default(0),
  limit: countParam(1000, 1).default(100),
})

/** PATCH /api/imports/{id}: a column → field (or null: not imported); the system the rows are in; the text encoding. */
export const importPatch = z.strictObject({
  version: rowId.optional(),
  mapping: z.record(z.string().max(500), z.string().max(100).nullable()).optional(),
  crs: z.string().trim().min(1).max(40).optional(),
  encoding: z.enum(encodings).optional(),
})

/** POST /api/imports/{id}/commit. */
export const commitBody = z.strictObject({ version: rowId.optional() })
