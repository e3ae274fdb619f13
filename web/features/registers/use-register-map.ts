import * as maplibregl from 'maplibre-gl'
import { computed, onBeforeUnmount, watch, type Ref } from 'vue'
import { labelPoints } from '../../map/derive.ts'
import { countyCenter } from '../../map/style.ts'
import { useLayerData } from '../../map/use-layer-data.ts'
import { useMap } from '../../map/use-map.ts'
import type { FeatureCollection } from 'geojson'
import { recordLayerIds, registerLayers } from './map-layers.ts'
import { createPolygonDraw, type Outline, type PolygonDraw } from './polygon-draw.ts'

export type RegisterMapInputs = {
  /** The records of the open tab as features (map-layers.ts recordFeatures). */
  records: () => FeatureCollection
  /** Where the edited record's point is (WGS84), or null: no marker. */
  marker: () => [number, number] | null
  /** True while a click on the map places the point (a point register's form is open). */
  placing: () => boolean
  /** True while a form is open: a click then never opens another record (it draws or places). */
  editing: () => boolean
  onPlace: (at: [number, number]) => void
  onRecordClick: (key: string) => void
  /** The drawn outline changed (terra-draw). */
  onOutlineChange: (outline: Outline | null) => void
}

/**
 * The 数据维护 map: the one map composable (web/map/use-map.ts) with this screen's layers, a
 * draggable marker for the point being placed, and terra-draw for outlines (polygon-draw.ts).
 */
export function useRegisterMap(container: Ref<HTMLElement | null>, inputs: RegisterMapInputs) {
  let marker: maplibregl.Marker | null = null
  let draw: PolygonDraw | null = null
  // Before useMap's own unmount hook, which removes the map these two draw on.
  onBeforeUnmount(() => {
    draw?.stop()
    marker?.remove()
  })
  const handle = useMap(container, {
    center: countyCenter,
    zoom: 9,
    layers: registerLayers,
    fitCounty: { top: 20, bottom: 20, left: 20, right: 20 },
  })
  const layers = useLayerData()
  void layers.loadCollections(['towns', 'grids'])

  watch(
    () => layers.data.value.towns,
    (towns) => {
      if (!towns) return
      void handle.setSourceData('towns', towns)
      void handle.setSourceData('town-labels', labelPoints(towns))
    },
    { immediate: true },
  )
  watch(
    () => layers.data.value.grids,
    (grids) => grids && void handle.setSourceData('grids', grids),
    { immediate: true },
  )
  watch(inputs.records, (records) => void handle.setSourceData('records', records), { immediate: true })

  void handle.loaded.then((map) => {
    marker = new maplibregl.Marker({ draggable: true, color: '#d9480f' })
    marker.on('dragend', () => {
      const at = marker!.getLngLat()
      inputs.onPlace([at.lng, at.lat])
    })
    watch(
      inputs.marker,
      (at) => {
        if (at) marker!.setLngLat(at).addTo(map)
        else marker!.remove()
      },
      { immediate: true },
    )
    map.on('click', (event) => {
      if (draw?.drawing()) return
      if (inputs.placing()) {
        inputs.onPlace([event.lngLat.lng, event.lngLat.lat])
        return
      }
      if (inputs.editing()) return
      const key = map.queryRenderedFeatures(event.point, { layers: recordLayerIds })[0]?.properties?.key
      if (typeof key === 'string') inputs.onRecordClick(key)
    })
    for (const layer of recordLayerIds) {
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'))
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''))
    }
  })

  /** The towns' names by code (for "placed in"). */
  const townNames = computed(
    () =>
      new Map(
        (layers.data.value.towns?.features ?? []).map((feature) => [
          String(feature.properties.code),
          String(feature.properties.name),
        ]),
      ),
  )

  // Loading a record's outline into terra-draw is not an edit: its change events are not passed on.
  let loading = false
  /** Starts editing an outline (or drawing a new one). */
  async function editOutline(outline: Outline | null) {
    const map = await handle.loaded
    draw ??= createPolygonDraw(map, () => loading || inputs.onOutlineChange(draw!.outline()))
    loading = true
    try {
      draw.start(outline)
    } finally {
      loading = false
    }
  }

  function stopOutline() {
    draw?.stop()
  }

  /** Moves the camera to a point or an outline's extent. */
  async function show(at: [number, number] | Outline) {
    const map = await handle.loaded
    if (Array.isArray(at)) {
      map.easeTo({ center: at, zoom: Math.max(map.getZoom(), 13) })
      return
    }
    const bounds = new maplibregl.LngLatBounds()
    const rings = at.type === 'Polygon' ? [at.coordinates] : at.coordinates
    for (const ring of rings.flat()) for (const position of ring) bounds.extend(position as [number, number])
    if (!bounds.isEmpty()) map.fitBounds(bounds, { padding: 60, maxZoom: 15 })
  }

  return {
    handle,
    townNames,
    editOutline,
    stopOutline,
    show,
    addPart: () => draw?.addPart(),
    clearOutline: () => draw?.clear(),
  }
}

export type RegisterMap = ReturnType<typeof useRegisterMap>
