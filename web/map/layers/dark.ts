import { wallDark } from '../../domain/colors.ts'

/**
 * The dark theme (wall display): paint that differs from the light layers, by style layer id.
 * Risk colours are never changed (DOMAIN §4); only land, lines and labels are.
 */
export const wallDarkPaint: Record<string, Record<string, unknown>> = {
  'towns-fill': {
    'fill-color': ['case', ['boolean', ['feature-state', 'selected'], false], wallDark.landSelected, wallDark.land],
  },
  'towns-line': {
    'line-color': ['case', ['boolean', ['feature-state', 'selected'], false], wallDark.highlight, wallDark.townLine],
    'line-opacity': 1,
  },
  'towns-label': {
    'text-color': wallDark.label,
    'text-halo-color': wallDark.halo,
  },
  'grids-fill': { 'fill-opacity': 0.38 },
  'grids-line': { 'line-color': wallDark.gridLine, 'line-opacity': 0.7 },
  'grids-label': { 'text-color': wallDark.labelSoft, 'text-halo-color': wallDark.halo },
  'enterprises-cluster': { 'circle-stroke-color': wallDark.halo },
}
