import type { FeatureCollection, Position } from 'geojson'
import type { MapMouseEvent } from 'maplibre-gl'
import { watch, type Ref } from 'vue'
import { labelPoints } from '../../map/derive.ts'
import { plannerLayers, plannerOutletLayers } from '../../map/layers/planner.ts'
import { countyCenter } from '../../map/style.ts'
import { useMap, type MapOptions } from '../../map/use-map.ts'
import type { LayoutOutlet } from './plan-layout.ts'
import { outletCollection, planMarks, supplyLines } from './plan-layout.ts'
import { createDragOverlay } from './drag-overlay.ts'
import { siteCircles, violationFeatures, type DrawnViolation, type ProbeParty } from './map-features.ts'
import type { FireworksData } from './use-fireworks-data.ts'

export type TownQuotaState = 'over' | 'within' | 'none'

/** What the view gives the map; the map follows each getter. */
export type PlannerMapInputs = {
  layout: () => LayoutOutlet[]
  violations: () => DrawnViolation[]
  townQuota: () => Map<string, TownQuotaState>
  siteThresholds: () => Record<string, number> | null
  /** A click on the map (not on an outlet), and on an outlet. */
  onMapClick: (at: [number, number]) => void
  onOutletClick: (key: string) => void
  /** Dragging: `canDrag(key)` decides at mouse-down; `onDrag` per frame; `onDrop` at mouse-up. */
  canDrag: (key: string) => boolean
  onDrag: (key: string, at: [number, number]) => void
  onDrop: (key: string, at: [number, number]) => void
}

/**
 * The planner's map: the one map composable (web/map/use-map.ts) drawing the planner's layer set
 * (web/map/layers/planner.ts). Data goes in with setData when it changes; a drag moves only the
 * small `probe` source each frame (the view draws the live conflicts there) and hides the outlet
 * being dragged with a filter, so the big sources are not rebuilt while the mouse moves.
 */
export function usePlannerMap(
  container: Ref<HTMLElement | null>,
  data: FireworksData,
  inputs: PlannerMapInputs,
  options: { fitCounty?: MapOptions['fitCounty']; printable?: boolean } = {},
) {
  const handle = useMap(container, {
    center: countyCenter,
    zoom: 9,
    layers: plannerLayers,
    fitCounty: options.fitCounty ?? { top: 30, bottom: 30, left: 420, right: 30 },
    printable: options.printable,
    controls: options.printable ? 'none' : 'zoom-and-scale',
  })

  watch(
    () => data.layers.data.value.towns,
    (towns) => {
      if (!towns) return
      void handle.setSourceData('towns', towns)
      void handle.setSourceData('town-labels', labelPoints(towns))
    },
    { immediate: true },
  )
  watch(
    () => data.layers.data.value.zones,
    (zones) => zones && void handle.setSourceData('zones', zones),
    { immediate: true },
  )
  watch(
    () => data.layers.data.value['sensitive-sites'],
    (sites) => sites && void handle.setSourceData('sensitive-sites', sites),
    { immediate: true },
  )
  watch(
    [() => data.sites.value, inputs.siteThresholds],
    ([sites, thresholds]) => thresholds && void handle.setSourceData('site-circles', siteCircles(sites, thresholds)),
    { immediate: true },
  )
  watch(
    () => data.outletCollection.value,
    (outlets) => void handle.setSourceData('supplier-lines', supplyLines(outlets)),
    { immediate: true },
  )
  watch(
    inputs.layout,
    (layout) => {
      void handle.setSourceData('fireworks-outlets', outletCollection(layout))
      void handle.setSourceData('plan-marks', planMarks(layout))
    },
    { immediate: true },
  )
  watch(
    inputs.violations,
    (violations) => {
      const { lines, rings } = violationFeatures(violations)
      void handle.setSourceData('violation-lines', lines)
      void handle.setSourceData('violation-rings', rings)
    },
    { immediate: true },
  )
  watch(
    inputs.townQuota,
    (quota) =>
      void handle.setFeatureStates('towns', new Map([...quota].map(([code, state]) => [code, { quota: state }]))),
    { immediate: true },
  )

  let overlay: ReturnType<typeof createDragOverlay> | null = null
  void handle.loaded.then((map) => {
    overlay = createDragOverlay(map)
    const keyAt = (event: MapMouseEvent) =>
      map.queryRenderedFeatures(event.point, { layers: plannerOutletLayers })[0]?.properties?.key as string | undefined
    const lngLat = (event: MapMouseEvent): [number, number] => [event.lngLat.lng, event.lngLat.lat]
    let dragging: string | null = null
    let moved = false
    let frame = 0
    let last: [number, number] | null = null

    map.on('click', (event) => {
      if (moved) return
      const key = keyAt(event)
      if (key) inputs.onOutletClick(key)
      else inputs.onMapClick(lngLat(event))
    })
    map.on('mouseenter', plannerOutletLayers[0]!, () => (map.getCanvas().style.cursor = 'pointer'))
    map.on('mouseleave', plannerOutletLayers[0]!, () => (map.getCanvas().style.cursor = dragging ? 'grabbing' : ''))

    map.on('mousedown', (event) => {
      moved = false
      const key = keyAt(event)
      if (!key || !inputs.canDrag(key)) return
      event.preventDefault()
      map.dragPan.disable()
      dragging = key
      map.getCanvas().style.cursor = 'grabbing'
    })
    map.on('mousemove', (event) => {
      if (!dragging) return
      if (!moved) {
        moved = true
        hide(dragging)
        void handle.setSourceData('probe', { type: 'FeatureCollection', features: [] })
      }
      last = lngLat(event)
      if (frame) return
      frame = requestAnimationFrame(() => {
        frame = 0
        if (dragging && last) inputs.onDrag(dragging, last)
      })
    })
    map.on('mouseup', (event) => {
      if (!dragging) return
      const key = dragging
      dragging = null
      map.dragPan.enable()
      map.getCanvas().style.cursor = ''
      if (frame) cancelAnimationFrame(frame)
      frame = 0
      if (moved) {
        overlay?.clear()
        hide(null)
        inputs.onDrop(key, lngLat(event))
      }
    })
  })

  /** Hides one outlet (the one being dragged) from the outlets and plan-mark layers. */
  function hide(key: string | null) {
    const filter = key ? (['!=', ['get', 'key'], key] as never) : null
    void handle.setFilter(['fireworks-outlets-point', 'plan-marks', 'outlets-label'], filter)
  }

  /** The dragged outlet and its conflicts, on the overlay (no map repaint). */
  function drawDrag(at: [number, number], allowed: boolean, parties: ProbeParty[]) {
    overlay?.draw(at, allowed, parties)
  }

  async function setProbe(features: FeatureCollection) {
    await handle.setSourceData('probe', features)
  }

  async function setFocus(features: FeatureCollection) {
    await handle.setSourceData('focus', features)
  }

  async function flyTo(at: Position, zoom = 15) {
    const map = await handle.loaded
    // Centred in the part of the map the side panel leaves visible.
    const panel = map.getContainer().parentElement?.querySelector<HTMLElement>('[data-map-cover=left]')
    const left = panel ? panel.offsetLeft + panel.offsetWidth : 0
    map.flyTo({
      center: [at[0]!, at[1]!],
      zoom: Math.max(map.getZoom(), zoom),
      duration: 600,
      padding: { left, top: 0, right: 0, bottom: 0 },
    })
  }

  return { ...handle, setProbe, setFocus, flyTo, drawDrag }
}

export type PlannerMap = ReturnType<typeof usePlannerMap>
