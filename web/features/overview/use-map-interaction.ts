import * as maplibregl from 'maplibre-gl'
import type { MapGeoJSONFeature, Map as MapLibreMap } from 'maplibre-gl'
import { watch } from 'vue'
import { useRouter } from 'vue-router'
import { useI18n } from '../../i18n/use-i18n.ts'
import { useViewStore } from '../../stores/view.ts'
import type { MapHandle } from '../../map/use-map.ts'

/** Interactive layers, most specific first: a click acts on the first one hit. */
const clickOrder = [
  'fireworks-outlets-point',
  'enterprises-point',
  'enterprises-cluster',
  'chemicals-point',
  'dust-point',
  'confined-spaces-point',
  'sensitive-sites-point',
  'towns-label',
  'grids-fill',
  'towns-fill',
]

/** Clicks and hover on the map, and the camera kept in the view store (and so in the URL). */
export function useMapInteraction(handle: MapHandle) {
  const view = useViewStore()
  const router = useRouter()
  const { t, tv } = useI18n()
  let popup: maplibregl.Popup | null = null

  function showPopup(map: MapLibreMap, feature: MapGeoJSONFeature, lines: string[]) {
    popup?.remove()
    const content = document.createElement('div')
    content.className = 'map-popup'
    for (const [index, line] of lines.entries()) {
      const element = document.createElement(index === 0 ? 'strong' : 'div')
      element.textContent = line
      content.append(element)
    }
    const [lng, lat] = (feature.geometry as GeoJSON.Point).coordinates as [number, number]
    popup = new maplibregl.Popup({ closeButton: true, maxWidth: '280px' })
      .setLngLat([lng, lat])
      .setDOMContent(content)
      .addTo(map)
  }

  function openEnterprise(id: unknown) {
    if (id === undefined || id === null) return
    void router.push({ name: 'enterprise', params: { id: String(id) }, query: router.currentRoute.value.query })
  }

  function select(kind: 'grid' | 'town', code: string) {
    view.selection = { kind, code }
    if (router.currentRoute.value.name !== 'overview')
      void router.push({ name: 'overview', query: router.currentRoute.value.query })
  }

  async function onClick(map: MapLibreMap, event: maplibregl.MapMouseEvent) {
    const layers = clickOrder.filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none')
    const hits = map.queryRenderedFeatures(event.point, { layers })
    const hit = clickOrder.map((id) => hits.find((feature) => feature.layer.id === id)).find(Boolean)
    if (!hit) return
    const p = hit.properties
    switch (hit.layer.id) {
      case 'fireworks-outlets-point':
        showPopup(map, hit, [
          String(p.name),
          `${tv('outletKind', p.kind as string)} · ${tv('outletStatus', p.status as string)}`,
          String(p.licence_no ?? ''),
          p.supplier_name ? `→ ${String(p.supplier_name)}` : '',
        ])
        return
      case 'sensitive-sites-point':
        showPopup(map, hit, [String(p.name), tv('siteKind', p.kind as string)])
        return
      case 'enterprises-cluster': {
        const source = map.getSource('enterprises') as maplibregl.GeoJSONSource
        const zoom = await source.getClusterExpansionZoom(p.cluster_id as number)
        map.easeTo({ center: (hit.geometry as GeoJSON.Point).coordinates as [number, number], zoom })
        return
      }
      case 'enterprises-point':
      case 'chemicals-point':
      case 'dust-point':
        openEnterprise(hit.id ?? p.id)
        return
      case 'confined-spaces-point':
        openEnterprise(p.enterprise_id)
        return
      case 'towns-label':
      case 'towns-fill':
        select('town', String(p.code))
        return
      case 'grids-fill':
        select('grid', String(p.code))
        return
    }
  }

  void handle.loaded.then((map) => {
    map.on('click', (event) => void onClick(map, event))
    for (const id of clickOrder) {
      if (id === 'grids-fill' || id === 'towns-fill') continue
      map.on('mouseenter', id, () => (map.getCanvas().style.cursor = 'pointer'))
      map.on('mouseleave', id, () => (map.getCanvas().style.cursor = ''))
    }
    map.on('moveend', () => {
      const center = map.getCenter()
      view.center = [Number(center.lng.toFixed(5)), Number(center.lat.toFixed(5))]
      view.zoom = Number(map.getZoom().toFixed(2))
    })
    // A view opened from the URL (back/forward, a pasted link) moves the camera.
    watch(
      () => [view.center, view.zoom] as const,
      ([center, zoom]) => {
        const current = map.getCenter()
        const moved = Math.abs(current.lng - center[0]) > 1e-5 || Math.abs(current.lat - center[1]) > 1e-5
        if (moved || Math.abs(map.getZoom() - zoom) > 0.005) map.jumpTo({ center, zoom })
      },
    )
  })

  return { t }
}
