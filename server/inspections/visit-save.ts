import { ApiError } from '../api-error.ts'

/**
 * What saving a visit shares, an enterprise's inspection (POST /api/inspections) or an outlet's
 * (POST /api/fireworks/outlets/{id}/inspections): the date check, and saving once by the client's
 * `client_request_id` (docs/decisions/writes.md).
 */

/** 422 when the visit is dated after today. */
export function checkInspectedOn(inspectedOn: string, today: string): void {
  if (inspectedOn > today) throw new ApiError(422, `inspected_on ${inspectedOn} is in the future (today is ${today})`)
}

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  ((error as { code?: unknown }).code === '23505' || isUniqueViolation((error as { cause?: unknown }).cause))

/**
 * `save()` once per client key: `replay()` answers a retry with what the first save made (or
 * refuses a key used for something else); when the same save arrives twice at once, the second
 * waits on the unique key and then answers as a retry. Without a key, just `save()`.
 */
export async function saveOnce<Replayed, Saved>(
  key: string | undefined,
  replay: () => Promise<Replayed | undefined>,
  save: () => Promise<Saved>,
): Promise<Replayed | Saved> {
  const replayed = key === undefined ? undefined : await replay()
  if (replayed !== undefined) return replayed
  try {
    return await save()
  } catch (error) {
    if (key === undefined || !isUniqueViolation(error)) throw error
    const again = await replay()
    if (again !== undefined) return again
    throw new ApiError(
      409,
      `client_request_id ${key} was already used by another save; make a new one per save`,
      undefined,
      'request_id_reused',
    )
  }
}
