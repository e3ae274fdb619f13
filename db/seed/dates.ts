// Calendar dates as 'YYYY-MM-DD' strings (the schema's date columns), computed in UTC so the
// machine's time zone cannot change the output.
const dayMs = 86_400_000

export function toDay(iso: string): number {
  const day = Date.parse(`${iso}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(day)) throw new Error(`not a date: ${iso}`)
  return day / dayMs
}

export function fromDay(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10)
}

export function addDays(iso: string, days: number): string {
  return fromDay(toDay(iso) + days)
}

export function daysBetween(from: string, to: string): number {
  return toDay(to) - toDay(from)
}

export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-')
  const candidate = `${Number(y) + years}-${m}-${d}`
  // 29 February has no twin in most years.
  return fromDay(toDay(candidate.endsWith('-02-29') ? candidate.replace('-02-29', '-02-28') : candidate))
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4))
}
