/** The demo data every database suite runs against: fixed, so expected values are exact. */
export const testDemo = { seed: 'sheyang', scale: 1, asOf: '2026-10-15' } as const
export const testYear = 2026
