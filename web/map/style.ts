import type { StyleSpecification } from 'maplibre-gl'
import { seaColor, wallDark } from '../domain/colors.ts'

/**
 * The base style: a plain background and nothing that loads from anywhere (no tiles, sprite or
 * glyphs URL). The land is drawn by the towns layer; the rest of the canvas reads as the sea
 * east of the coast. A Tianditu base map (DOMAIN §9) would be added here when a key is configured.
 */
export function baseStyle(theme: 'light' | 'dark' = 'light'): StyleSpecification {
  return {
    version: 8,
    name: 'sheyang-offline',
    sources: {},
    layers: [
      {
        id: 'background',
        type: 'background',
        paint: { 'background-color': theme === 'dark' ? wallDark.sea : seaColor },
      },
    ],
  }
}

/** Sheyang County (DOMAIN §2): bbox 119.921, 33.453 – 120.618, 34.123. */
export const countyBounds: [[number, number], [number, number]] = [
  [119.921, 33.453],
  [120.618, 34.123],
]
export const countyCenter: [number, number] = [120.27, 33.788]
