import type { ExpressionSpecification } from 'maplibre-gl'
import { gridLineColor, landColor, townLineColor } from '../../domain/colors.ts'
import { regularFont } from '../../map/fonts.ts'
import { geojson, type LayerSet } from '../../map/layers/types.ts'
import type { ImportAction } from '../../api/imports.ts'

/** What a previewed row would do, as a colour: added green, changed blue, unchanged grey, error red. */
export const actionColors: Record<ImportAction, string> = {
  add: '#1b8a3a',
  change: '#1565c0',
  unchanged: '#8a94a3',
  error: '#c62828',
}

const byAction: ExpressionSpecification = [
  'match',
  ['get', 'action'],
  'add',
  actionColors.add,
  'change',
  actionColors.change,
  'error',
  actionColors.error,
  actionColors.unchanged,
]

const isPolygon: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]]
const isPoint: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]]

/**
 * The import preview's map: the county's towns and grids for orientation, the file's rows on top
 * coloured by what the import would do with each (the preview GeoJSON's `action`), and a ring
 * round the row the problem table points at (`focus`).
 */
export const previewLayers: LayerSet = {
  sources: { towns: geojson({ promoteId: 'code' }), grids: geojson(), preview: geojson(), focus: geojson() },
  layers: [
    { id: 'towns-fill', type: 'fill', source: 'towns', paint: { 'fill-color': landColor } },
    {
      id: 'grids-line',
      type: 'line',
      source: 'grids',
      paint: { 'line-color': gridLineColor, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.3, 12, 1] },
    },
    { id: 'towns-line', type: 'line', source: 'towns', paint: { 'line-color': townLineColor, 'line-width': 1.4 } },
    {
      id: 'preview-fill',
      type: 'fill',
      source: 'preview',
      filter: isPolygon,
      paint: { 'fill-color': byAction, 'fill-opacity': 0.25 },
    },
    {
      id: 'preview-line',
      type: 'line',
      source: 'preview',
      filter: isPolygon,
      paint: { 'line-color': byAction, 'line-width': 2 },
    },
    {
      id: 'preview-circle',
      type: 'circle',
      source: 'preview',
      filter: isPoint,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 4, 15, 8],
        'circle-color': byAction,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: 'preview-label',
      type: 'symbol',
      source: 'preview',
      minzoom: 13,
      layout: {
        'text-field': ['coalesce', ['get', 'label'], ['to-string', ['get', 'row_no']]],
        'text-font': regularFont,
        'text-size': 11,
        'text-offset': [0, 1.1],
        'text-anchor': 'top',
        'text-optional': true,
      },
      paint: { 'text-color': '#243b53', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.2 },
    },
    {
      id: 'focus-line',
      type: 'line',
      source: 'focus',
      filter: isPolygon,
      paint: { 'line-color': '#102a43', 'line-width': 4 },
    },
    {
      id: 'focus-circle',
      type: 'circle',
      source: 'focus',
      filter: isPoint,
      paint: {
        'circle-radius': 14,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#102a43',
        'circle-stroke-width': 3,
      },
    },
  ],
}
