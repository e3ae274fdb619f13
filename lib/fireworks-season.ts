/**
 * The Spring Festival sales season as the `fireworks_season` setting holds it (db/defaults.ts):
 * MM-DD to MM-DD, both days in it; a start after the end runs across the new year. Read by the
 * outlet visit rule (server/rules/outlet-visit-due.ts) and the demo generator's visits.
 */
export type FireworksSeason = { start: string; end: string }

/** Whether `day` (YYYY-MM-DD) is in the season. */
export function inSeason(day: string, season: FireworksSeason): boolean {
  const monthAndDay = day.slice(5)
  return season.start <= season.end
    ? monthAndDay >= season.start && monthAndDay <= season.end
    : monthAndDay >= season.start || monthAndDay <= season.end
}
