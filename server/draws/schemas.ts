import { z } from 'zod'
import { riskLevels, sectors } from '../../db/schema.ts'
import { countParam, exactText, isoDate, maxInt, text, townCode } from '../http/values.ts'

/** What the 双随机 routes take (server/draws/routes.ts), for the validator and the typed client. */

export const drawBody = z.strictObject({
  name: text(200).optional(),
  filters: z
    .strictObject({
      town_code: z.array(townCode).optional(),
      sector: z.array(z.enum(sectors)).optional(),
      risk_level: z.array(z.enum(riskLevels)).optional(),
    })
    .default({}),
  inspectors: z.array(text(50)).min(1).max(500),
  enterprises: z.number().int().min(1).max(1000),
  inspectors_per_enterprise: z.number().int().min(1).max(10),
  seed: exactText(200).optional(),
  planned_on: isoDate.optional(),
})
export type DrawBody = z.input<typeof drawBody>
export type DrawFilters = z.output<typeof drawBody>['filters']

export const listQuery = z.strictObject({
  limit: countParam(100, 1).default(20),
  offset: countParam(maxInt).default(0),
})

export const inspectorsQuery = z.strictObject({ town_code: townCode.optional() })
