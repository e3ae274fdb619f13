import type { LayerSpecification } from 'maplibre-gl'
import {
  candidateColor,
  noFireworksColor,
  planAddedColor,
  planMovedColor,
  sensitiveSiteColors,
  townQuotaColors,
  violationColor,
  warningColor,
} from '../../domain/colors.ts'
import { sensitiveSiteKinds } from '../../domain/vocab.ts'
import { boldFont, regularFont } from '../fonts.ts'
import { fireworks } from './fireworks.ts'
import { sensitiveSites } from './sensitive-sites.ts'
import { towns } from './towns.ts'
import { geojson, type LayerSet } from './types.ts'
import { zones } from './zones.ts'

const siteColor = [
  'match',
  ['get', 'kind'],
  ...sensitiveSiteKinds.flatMap((kind) => [kind, sensitiveSiteColors[kind]]),
  '#777777',
] as never

/**
 * The towns' land coloured by the town against its outlet cap (feature-state `quota`: over, within,
 * none), the /fireworks choropleth; the shared towns layer is the same layer with another paint.
 */
const townsQuotaFill: LayerSpecification = {
  ...towns.areas![0]!,
  paint: {
    'fill-color': [
      'match',
      ['coalesce', ['feature-state', 'quota'], 'none'],
      'over',
      townQuotaColors.over,
      'within',
      townQuotaColors.within,
      townQuotaColors.none,
    ],
  },
} as LayerSpecification

/** An outlet of the layout: its status icon, and a plan's change as a coloured ring under it. */
const outletPoint: LayerSpecification = {
  ...fireworks.points![0]!,
  layout: {
    ...fireworks.points![0]!.layout,
    'icon-size': ['interpolate', ['linear'], ['zoom'], 9, 0.6, 14, 1],
  },
} as LayerSpecification

/**
 * The planner's map (/fireworks): the shared towns, zones, sites and outlets layers (the towns
 * coloured against their caps), and what only the planner sees: each site's protective distance as
 * a ground-distance circle, the violations drawn (a line between the parties labelled with the
 * distance, a ring round an outlet inside a zone or breaking a rule of its own), a plan's changes,
 * the outlet being dragged with its live conflicts, and a candidate point with its conflicts.
 */
export const plannerLayers: LayerSet = {
  sources: {
    ...towns.sources,
    ...zones.sources,
    ...sensitiveSites.sources,
    ...fireworks.sources,
    'site-circles': geojson(),
    'violation-lines': geojson(),
    'violation-rings': geojson(),
    'plan-marks': geojson(),
    focus: geojson(),
    probe: geojson(),
  },
  layers: [
    townsQuotaFill,
    ...zones.areas!,
    {
      id: 'site-circles-fill',
      type: 'fill',
      source: 'site-circles',
      minzoom: 11,
      paint: { 'fill-color': siteColor, 'fill-opacity': 0.06 },
    },
    {
      id: 'site-circles-line',
      type: 'line',
      source: 'site-circles',
      minzoom: 11,
      paint: { 'line-color': siteColor, 'line-width': 1, 'line-opacity': 0.6 },
    },
    ...zones.lines!,
    ...towns.lines!,
    // The supply links only once zoomed in: at the county's extent they hide the outlets.
    ...fireworks.lines!.map((layer) => ({ ...layer, minzoom: 11 }) as LayerSpecification),
    {
      id: 'violation-lines',
      type: 'line',
      source: 'violation-lines',
      paint: {
        'line-color': ['case', ['==', ['get', 'severity'], 'warning'], warningColor, violationColor],
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1.5, 15, 3],
      },
    },
    ...sensitiveSites.points!,
    {
      id: 'violation-rings',
      type: 'circle',
      source: 'violation-rings',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 7, 14, 13],
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': [
          'case',
          ['==', ['get', 'rule'], 'no_fireworks_zone'],
          noFireworksColor,
          ['==', ['get', 'severity'], 'warning'],
          warningColor,
          violationColor,
        ],
        'circle-stroke-width': 2.5,
      },
    },
    {
      id: 'plan-marks',
      type: 'circle',
      source: 'plan-marks',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 9, 14, 16],
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': ['match', ['get', 'change'], 'add', planAddedColor, 'move', planMovedColor, '#5f6368'],
        'circle-stroke-width': 2,
        'circle-stroke-opacity': 0.9,
      },
    },
    outletPoint,
    {
      id: 'focus-ring',
      type: 'circle',
      source: 'focus',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 20,
        'circle-color': 'rgba(11,87,208,0.10)',
        'circle-stroke-color': candidateColor,
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'probe-lines',
      type: 'line',
      source: 'probe',
      filter: ['==', ['geometry-type'], 'LineString'],
      paint: {
        'line-color': ['case', ['get', 'breaks'], violationColor, candidateColor],
        'line-width': 2,
        'line-dasharray': [2, 1],
      },
    },
    {
      id: 'probe-point',
      type: 'circle',
      source: 'probe',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 8,
        'circle-color': ['case', ['get', 'allowed'], planAddedColor, violationColor],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2.5,
      },
    },
    {
      id: 'violation-labels',
      type: 'symbol',
      source: 'violation-lines',
      minzoom: 11,
      layout: {
        'symbol-placement': 'line-center',
        'text-rotation-alignment': 'viewport',
        'text-field': ['get', 'label'],
        'text-font': boldFont,
        'text-size': 12,
        'text-allow-overlap': true,
      },
      paint: { 'text-color': violationColor, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    },
    {
      id: 'probe-labels',
      type: 'symbol',
      source: 'probe',
      filter: ['==', ['geometry-type'], 'LineString'],
      layout: {
        'symbol-placement': 'line-center',
        'text-rotation-alignment': 'viewport',
        'text-field': ['get', 'label'],
        'text-font': boldFont,
        'text-size': 13,
        'text-allow-overlap': true,
      },
      paint: {
        'text-color': ['case', ['get', 'breaks'], violationColor, candidateColor],
        'text-halo-color': '#ffffff',
        'text-halo-width': 2,
      },
    },
    {
      id: 'outlets-label',
      type: 'symbol',
      source: 'fireworks-outlets',
      minzoom: 13,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': regularFont,
        'text-size': 11,
        'text-offset': [0, 1.2],
        'text-anchor': 'top',
        'text-optional': true,
      },
      paint: { 'text-color': '#4a1238', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.2 },
    },
    ...towns.labels!,
  ],
}

/** The layers a click on the map picks an outlet from. */
export const plannerOutletLayers = ['fireworks-outlets-point']
