import { bbox } from '@turf/turf'
import type { Ref } from 'vue'
import type { WorklistEnterprise } from '../../api/grids.ts'
import { officerLayers } from '../../map/layers/officer.ts'
import { countyBounds, countyCenter } from '../../map/style.ts'
import { useMap } from '../../map/use-map.ts'

/** Room around the county the officer may pan into, in degrees. */
const panMargin = 0.5

export function enterprisePoints(enterprises: WorklistEnterprise[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: enterprises.map((e) => ({
      type: 'Feature',
      id: e.id,
      geometry: { type: 'Point', coordinates: [e.lon, e.lat] },
      properties: {
        id: e.id,
        name: e.name,
        risk_level: e.risk_level,
        open_hazards: e.open_hazards,
        visit_due: e.visit_due,
      },
    })),
  }
}

/**
 * The grid officer's small map: the shared map composable drawing the officer's layers
 * (web/map/layers/officer.ts). The view pushes data in with setGrid / setEnterprises; a tap on an
 * enterprise calls `onPick`.
 */
export function useOfficerMap(container: Ref<HTMLElement | null>, onPick: (enterpriseId: number) => void) {
  const handle = useMap(container, {
    center: countyCenter,
    zoom: 9,
    layers: officerLayers,
    controls: 'zoom',
    maxBounds: [
      [countyBounds[0][0] - panMargin, countyBounds[0][1] - panMargin],
      [countyBounds[1][0] + panMargin, countyBounds[1][1] + panMargin],
    ],
  })
  /** What the map shows now, for the end-to-end tests. */
  const shown = { enterprises: [] as WorklistEnterprise[], gridCode: null as string | null }

  void handle.loaded.then((map) => {
    map.on('click', 'enterprises-circle', (event) => {
      const id = Number(event.features?.[0]?.properties?.id)
      if (Number.isInteger(id)) onPick(id)
    })
    map.on('mouseenter', 'enterprises-circle', () => (map.getCanvas().style.cursor = 'pointer'))
    map.on('mouseleave', 'enterprises-circle', () => (map.getCanvas().style.cursor = ''))
  })

  async function setGrid(feature: GeoJSON.Feature, padding: number) {
    const map = await handle.loaded
    shown.gridCode = String(feature.id ?? feature.properties?.code ?? '')
    void handle.setSourceData('grid', { type: 'FeatureCollection', features: [feature] })
    const [w, s, e, n] = bbox(feature)
    map.resize()
    map.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding, animate: false },
    )
  }

  async function setEnterprises(enterprises: WorklistEnterprise[]) {
    shown.enterprises = enterprises
    await handle.setSourceData('enterprises', enterprisePoints(enterprises))
  }

  return { ...handle, shown, setGrid, setEnterprises }
}

export type OfficerMap = ReturnType<typeof useOfficerMap>
