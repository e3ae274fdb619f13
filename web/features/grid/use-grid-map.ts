import { bbox } from '@turf/turf'
import * as maplibregl from 'maplibre-gl'
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import { markRaw, onBeforeUnmount, onMounted, shallowRef, type Ref } from 'vue'
import type { WorklistEnterprise } from '../../api/grids.ts'
import { landColor, riskColors } from '../../domain/colors.ts'
import { localIdeographFontFamily, regularFont } from '../../map/fonts.ts'
import { baseStyle, countyBounds, countyCenter } from '../../map/style.ts'

maplibregl.setWorkerUrl(workerUrl)

const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

export function enterprisePoints(enterprises: WorklistEnterprise[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: enterprises.map((e) => ({
      type: 'Feature',
      id: e.id,
      geometry: { type: 'Point', coordinates: [e.lon, e.lat] },
      properties: { id: e.id, name: e.name, risk_level: e.risk_level, open_hazards: e.open_hazards, due: e.due },
    })),
  }
}

/**
 * The grid officer's small map: the grid's outline and its enterprises in the four risk colours,
 * an enterprise with open hazards ringed in red. The Map object stays in this composable
 * (shallowRef + markRaw); the view pushes data in with setGrid / setEnterprises.
 */
export function useGridMap(container: Ref<HTMLElement | null>, onPick: (enterpriseId: number) => void) {
  const map = shallowRef<MapLibreMap | null>(null)
  let resolveLoaded!: (map: MapLibreMap) => void
  const loaded = new Promise<MapLibreMap>((resolve) => (resolveLoaded = resolve))
  /** What the map shows now, for the end-to-end tests. */
  const shown = { enterprises: [] as WorklistEnterprise[], gridCode: null as string | null }

  onMounted(() => {
    if (!container.value) return
    const instance = markRaw(
      new maplibregl.Map({
        container: container.value,
        style: baseStyle(),
        center: countyCenter,
        zoom: 9,
        maxBounds: [
          [countyBounds[0][0] - 0.5, countyBounds[0][1] - 0.5],
          [countyBounds[1][0] + 0.5, countyBounds[1][1] + 0.5],
        ],
        maxZoom: 18,
        localIdeographFontFamily,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
      }),
    )
    instance.touchZoomRotate.disableRotation()
    instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right')
    instance.on('load', () => {
      instance.addSource('grid', { type: 'geojson', data: empty })
      instance.addSource('enterprises', { type: 'geojson', data: empty })
      instance.addLayer({ id: 'grid-fill', type: 'fill', source: 'grid', paint: { 'fill-color': landColor } })
      instance.addLayer({
        id: 'grid-line',
        type: 'line',
        source: 'grid',
        paint: { 'line-color': '#1d3b5c', 'line-width': 2.5 },
      })
      instance.addLayer({
        id: 'enterprises-circle',
        type: 'circle',
        source: 'enterprises',
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 5, 16, 9],
          'circle-color': [
            'match',
            ['get', 'risk_level'],
            'major',
            riskColors.major,
            'high',
            riskColors.high,
            'general',
            riskColors.general,
            riskColors.low,
          ],
          'circle-stroke-color': ['case', ['>', ['get', 'open_hazards'], 0], '#b00020', '#ffffff'],
          'circle-stroke-width': ['case', ['>', ['get', 'open_hazards'], 0], 3, 1.5],
        },
      })
      instance.addLayer({
        id: 'enterprises-label',
        type: 'symbol',
        source: 'enterprises',
        minzoom: 13,
        layout: {
          'text-field': ['get', 'name'],
          'text-font': regularFont,
          'text-size': 11,
          'text-offset': [0, 1.1],
          'text-anchor': 'top',
          'text-optional': true,
        },
        paint: { 'text-color': '#243b53', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.2 },
      })
      instance.on('click', 'enterprises-circle', (event) => {
        const id = Number(event.features?.[0]?.properties?.id)
        if (Number.isInteger(id)) onPick(id)
      })
      instance.on('mouseenter', 'enterprises-circle', () => (instance.getCanvas().style.cursor = 'pointer'))
      instance.on('mouseleave', 'enterprises-circle', () => (instance.getCanvas().style.cursor = ''))
      resolveLoaded(instance)
    })
    map.value = instance
  })

  onBeforeUnmount(() => {
    map.value?.remove()
    map.value = null
  })

  async function setGrid(feature: GeoJSON.Feature, padding: number) {
    const instance = await loaded
    shown.gridCode = String(feature.id ?? feature.properties?.code ?? '')
    ;(instance.getSource('grid') as GeoJSONSource).setData({ type: 'FeatureCollection', features: [feature] })
    const [w, s, e, n] = bbox(feature)
    instance.resize()
    instance.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding, animate: false },
    )
  }

  async function setEnterprises(enterprises: WorklistEnterprise[]) {
    const instance = await loaded
    shown.enterprises = enterprises
    await (instance.getSource('enterprises') as GeoJSONSource).setData(enterprisePoints(enterprises))
  }

  async function settled() {
    const instance = await loaded
    await new Promise<void>((resolve) => {
      instance.once('idle', () => resolve())
      instance.triggerRepaint()
    })
  }

  return { map, loaded, shown, setGrid, setEnterprises, settled }
}
