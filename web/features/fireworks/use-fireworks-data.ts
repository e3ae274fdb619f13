import type { MultiPolygon, Polygon } from 'geojson'
import { computed, shallowRef, watch } from 'vue'
import {
  fetchOutlets,
  fetchTowns,
  fetchViolations,
  type OutletCollection,
  type TownList,
  type ViolationList,
} from '../../api/fireworks.ts'
import type { OgcFeatureCollection } from '../../api/ogc.ts'
import { useLayerData } from '../../map/use-layer-data.ts'
import { useConnectionStore } from '../../stores/connection.ts'
import { prepareCheckLayers, type SiteFeature, type ZoneFeature } from './candidate-check.ts'
import { currentOutlets } from './plan-layout.ts'
import type { Placed } from './map-features.ts'

/**
 * What /fireworks reads: the map's collections (towns, zones, sensitive sites) and the planner's
 * answers (the outlets with their suppliers, violations, towns against their caps).
 * Fetched again when the server comes back, and by `reload` after the outlets changed.
 */
export function useFireworksData() {
  const layers = useLayerData()
  const violations = shallowRef<ViolationList | null>(null)
  const towns = shallowRef<TownList | null>(null)
  const outletCollection = shallowRef<OutletCollection | null>(null)
  const error = shallowRef<unknown>(null)
  const connection = useConnectionStore()

  async function loadAnswers() {
    try {
      ;[violations.value, towns.value, outletCollection.value] = await Promise.all([
        fetchViolations(),
        fetchTowns(),
        fetchOutlets(),
      ])
      error.value = null
    } catch (reason) {
      error.value = reason
    }
  }

  async function load() {
    await Promise.all([layers.loadCollections(['towns', 'zones', 'sensitive-sites']), loadAnswers()])
  }

  async function reload() {
    await loadAnswers()
  }

  watch(
    () => connection.state.recoveries,
    () => void loadAnswers(),
  )

  const outlets = computed(() => currentOutlets(outletCollection.value))
  const sites = computed<Placed[]>(() =>
    (layers.points('sensitive-sites')?.features ?? []).map((f) => ({
      id: Number(f.id),
      name: String(f.properties.name),
      kind: String(f.properties.kind),
      at: f.geometry.coordinates,
    })),
  )
  /** The twin's sites and no-fireworks zones, prepared once per load (its outlets come per layout). */
  const prepared = computed(() => {
    const zones = layers.data.value.zones as OgcFeatureCollection<Polygon | MultiPolygon> | undefined
    return prepareCheckLayers({
      outlets: [],
      sites: sites.value.map((s): SiteFeature => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: s.at },
        properties: { id: s.id, name: s.name, kind: s.kind },
      })),
      zones: (zones?.features ?? []).map((f): ZoneFeature => ({
        ...f,
        properties: { id: Number(f.id), name: String(f.properties.name), kind: String(f.properties.kind) },
      })),
    })
  })

  return { layers, violations, towns, outletCollection, error, load, reload, outlets, sites, prepared }
}

export type FireworksData = ReturnType<typeof useFireworksData>
