import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import { wallDarkPaint } from './dark.ts'

/**
 * How a view draws the shared layers: `scale` multiplies every size (radii, widths, text and icon
 * sizes) so a wall display read at 3–8 m keeps the same layers; `theme: 'dark'` swaps in the dark
 * paint of dark.ts; `cluster: false` draws every enterprise rather than clusters.
 */
export type MapVariant = { scale: number; theme: 'light' | 'dark'; cluster: boolean }

export const defaultVariant: MapVariant = { scale: 1, theme: 'light', cluster: true }

const sizeProperties = new Set([
  'circle-radius',
  'circle-stroke-width',
  'line-width',
  'text-size',
  'text-halo-width',
  'icon-size',
])

const isZoom = (value: unknown) => Array.isArray(value) && value[0] === 'zoom'

/**
 * A size value times `factor`. Numbers are multiplied; zoom curves (interpolate / step on
 * ['zoom']) get their outputs scaled, since MapLibre allows zoom only at the top of an expression;
 * any other expression is wrapped in ['*', …].
 */
export function scaleValue(value: unknown, factor: number): unknown {
  if (factor === 1) return value
  if (typeof value === 'number') return value * factor
  if (!Array.isArray(value)) return value
  const [op] = value as unknown[]
  if (op === 'interpolate' && isZoom(value[2])) {
    return value.map((part: unknown, i: number) => (i >= 4 && i % 2 === 0 ? scaleValue(part, factor) : part))
  }
  if (op === 'step' && isZoom(value[1])) {
    return value.map((part: unknown, i: number) => (i >= 2 && i % 2 === 0 ? scaleValue(part, factor) : part))
  }
  return ['*', value, factor]
}

function scaleProperties(properties: Record<string, unknown> | undefined, factor: number) {
  if (!properties) return properties
  return Object.fromEntries(
    Object.entries(properties).map(([name, value]) => [
      name,
      sizeProperties.has(name) ? scaleValue(value, factor) : value,
    ]),
  )
}

/** The layer as `variant` draws it (a new object; the shared layer data is never mutated). */
export function layerVariant(layer: LayerSpecification, variant: MapVariant): LayerSpecification {
  if (variant === defaultVariant || layer.type === 'background') return layer
  const dark = variant.theme === 'dark' ? wallDarkPaint[layer.id] : undefined
  const paint = { ...(layer.paint as Record<string, unknown> | undefined), ...dark }
  const layout = layer.layout as Record<string, unknown> | undefined
  return {
    ...layer,
    paint: scaleProperties(paint, variant.scale),
    ...(layout ? { layout: scaleProperties(layout, variant.scale) } : {}),
  } as LayerSpecification
}

export function sourceVariant(source: GeoJSONSourceSpecification, variant: MapVariant): GeoJSONSourceSpecification {
  if (variant.cluster || !source.cluster) return source
  const { cluster: _cluster, clusterRadius: _r, clusterMaxZoom: _z, clusterProperties: _p, ...rest } = source
  return rest
}
