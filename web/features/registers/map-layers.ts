import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { LayerSpecification } from 'maplibre-gl'
import { grids } from '../../map/layers/grids.ts'
import { towns } from '../../map/layers/towns.ts'
import { geojson, type LayerSet } from '../../map/layers/types.ts'

const recordColor = '#1f6feb'
const selectedColor = '#d9480f'
const isSelected = ['==', ['get', 'selected'], true] as never

/**
 * The 数据维护 map: the towns' land and names, the grid lines, and the records of the open tab
 * (points, or outlines for zones and grids) with the one being edited in orange. Terra-draw adds
 * its own layers on top while an outline is drawn.
 */
export const registerLayers: LayerSet = {
  sources: { ...towns.sources, grids: geojson({ promoteId: 'code' }), records: geojson() },
  layers: [
    ...towns.areas!,
    {
      id: 'records-fill',
      type: 'fill',
      source: 'records',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': ['case', isSelected, selectedColor, recordColor], 'fill-opacity': 0.15 },
    },
    grids.lines![0]!,
    ...towns.lines!,
    {
      id: 'records-line',
      type: 'line',
      source: 'records',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: {
        'line-color': ['case', isSelected, selectedColor, recordColor],
        'line-width': ['case', isSelected, 3, 1.5],
      },
    },
    {
      id: 'records-point',
      type: 'circle',
      source: 'records',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-color': ['case', isSelected, selectedColor, recordColor],
        'circle-radius': ['case', isSelected, 7, 5],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
    ...towns.labels!,
  ] as LayerSpecification[],
}

export const recordLayerIds = ['records-point', 'records-fill']

/** The records of a page as features: `lon`/`lat` points or `geometry` outlines, keyed by `key`. */
export function recordFeatures(
  records: readonly Record<string, unknown>[],
  key: string,
  selected: string | null,
): FeatureCollection {
  const features: Feature[] = []
  for (const record of records) {
    const id = String(record[key])
    const geometry: Geometry | null =
      typeof record.lon === 'number' && typeof record.lat === 'number'
        ? { type: 'Point', coordinates: [record.lon, record.lat] }
        : record.geometry && typeof record.geometry === 'object'
          ? (record.geometry as Geometry)
          : null
    if (geometry) features.push({ type: 'Feature', geometry, properties: { key: id, selected: id === selected } })
  }
  return { type: 'FeatureCollection', features }
}
