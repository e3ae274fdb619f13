import { z } from 'zod'
import { drawLimits } from '../../lib/limits.ts'
import { riskLevels, sectors } from '../../db/schema.ts'
import { countParam, exactText, isoDate, maxInt, text, townCode } from '../http/values.ts'

/** What the 双随机 routes take (server/draws/routes.ts), for the validator and the typed client. */

export const drawBody = z.strictObject({
  name: text(drawLimits.name).optional(),
  filters: z
    .strictObject({
      town_code: z.array(townCode).optional(),
      sector: z.array(z.enum(sectors)).optional(),
      risk_level: z.array(z.enum(riskLevels)).optional(),
    })
    .default({}),
  inspectors: z.array(text(drawLimits.person)).min(1).max(drawLimits.inspectors),
  enterprises: z.number().int().min(1).max(drawLimits.enterprises),
  inspectors_per_enterprise: z.number().int().min(1).max(drawLimits.perEnterprise),
  seed: exactText(drawLimits.seed).optional(),
  planned_on: isoDate.optional(),
})
export type DrawBody = z.input<typeof drawBody>
export type DrawFilters = z.output<typeof drawBody>['filters']

export const listQuery = z.strictObject({
  limit: countParam(100, 1).default(20),
  offset: countParam(maxInt).default(0),
})

export const inspectorsQuery = z.strictObject({ town_code: townCode.optional() })
