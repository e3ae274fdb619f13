import type { Position } from 'geojson'
import { computed, ref, shallowRef } from 'vue'
import { postCheck, type CandidateCheck, type SitingRules } from '../../api/fireworks.ts'
import { checkCandidateInBrowser, type CandidateAnswer, type CheckLayers } from './candidate-check.ts'
import type { ProbeParty } from './map-features.ts'

/**
 * A point asked about: the browser twin's answer at once (web/features/fireworks/candidate-check.ts),
 * then the server's (POST /api/fireworks/check), which stays the authority; the panel shows both.
 */
export function useCandidate() {
  const point = shallowRef<[number, number] | null>(null)
  const twin = shallowRef<CandidateAnswer | null>(null)
  const server = shallowRef<CandidateCheck | null>(null)
  const serverError = shallowRef<unknown>(null)
  const pending = ref(false)
  let asked = 0

  async function check(at: [number, number], layers: CheckLayers, rules: SitingRules) {
    const mine = ++asked
    point.value = at
    twin.value = checkCandidateInBrowser(at, layers, rules)
    server.value = null
    serverError.value = null
    pending.value = true
    try {
      const answer = await postCheck(at[0], at[1])
      if (mine === asked) server.value = answer
    } catch (error) {
      if (mine === asked) serverError.value = error
    } finally {
      if (mine === asked) pending.value = false
    }
  }

  function clear() {
    asked++
    point.value = null
    twin.value = null
    server.value = null
    serverError.value = null
    pending.value = false
  }

  const agrees = computed(() => (server.value && twin.value ? server.value.allowed === twin.value.allowed : null))

  return { point, twin, server, serverError, pending, agrees, check, clear }
}

/**
 * The lines a probe draws: to every party of a violation (red), else to the nearest outlet and
 * the nearest site of each kind (blue), so the planner sees the margin either way.
 */
export function probeParties(answer: CandidateAnswer, layers: CheckLayers): ProbeParty[] {
  const outletAt = new Map(layers.outlets.map((o) => [o.id, o.at]))
  const siteAt = new Map(layers.sites.map((s) => [s.id, s.at]))
  const parties: ProbeParty[] = []
  for (const v of answer.violations) {
    const at =
      v.other_type === 'outlet'
        ? outletAt.get(v.other_id!)
        : v.other_type === 'site'
          ? siteAt.get(v.other_id!)
          : undefined
    if (at && v.distance_m !== null) parties.push({ at, distance: v.distance_m, breaks: true })
  }
  if (parties.length > 0) return parties
  const nearest = answer.nearest
  const outlet = nearest.outlet?.id != null ? outletAt.get(nearest.outlet.id) : undefined
  if (outlet && nearest.outlet) parties.push({ at: outlet, distance: nearest.outlet.distance_m, breaks: false })
  for (const site of nearest.sites.slice(0, 2)) {
    const at = site.id != null ? siteAt.get(site.id) : undefined
    if (at) parties.push({ at: at as Position, distance: site.distance_m, breaks: false })
  }
  return parties
}
