import type { MultiPolygon, Polygon } from 'geojson'
import type { Map as MapLibreMap } from 'maplibre-gl'
import { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'

export type Outline = Polygon | MultiPolygon

/** An outline as terra-draw's polygon features (a MultiPolygon as one feature per part). */
export function outlineFeatures(outline: Outline): GeoJSONStoreFeatures[] {
  const parts = outline.type === 'Polygon' ? [outline.coordinates] : outline.coordinates
  return parts.map((coordinates) => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates },
    properties: { mode: 'polygon' },
  }))
}

/** The drawn polygons as one outline (a MultiPolygon when there are several), or null. */
export function outlineOf(features: readonly { geometry: { type: string; coordinates: unknown } }[]): Outline | null {
  const rings = features
    .filter((f) => f.geometry.type === 'Polygon')
    .map((f) => f.geometry.coordinates as Polygon['coordinates'])
  if (rings.length === 0) return null
  return rings.length === 1 ? { type: 'Polygon', coordinates: rings[0]! } : { type: 'MultiPolygon', coordinates: rings }
}

/**
 * Drawing and editing an outline on the map with terra-draw (1.x, whose MapLibre adapter takes
 * MapLibre GL ≥ 4): `polygon` mode draws a new part (click the corners, click the first corner
 * again to close it), `select` mode moves a part and its corners, adds a corner where a midpoint is
 * clicked and deletes one with a right-click. Started for one record at a time, stopped when the form closes.
 */
export function createPolygonDraw(map: MapLibreMap, onChange: () => void) {
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map }),
    modes: [
      new TerraDrawPolygonMode({
        styles: { fillColor: '#d9480f', outlineColor: '#d9480f', fillOpacity: 0.2, closingPointColor: '#d9480f' },
      }),
      new TerraDrawSelectMode({
        flags: {
          polygon: {
            feature: {
              draggable: true,
              coordinates: { midpoints: true, draggable: true, deletable: true },
            },
          },
        },
        styles: {
          selectedPolygonColor: '#d9480f',
          selectedPolygonOutlineColor: '#d9480f',
          selectionPointColor: '#d9480f',
        },
      }),
    ],
  })
  draw.on('change', (_ids, type) => type !== 'styling' && onChange())
  draw.on('finish', (id, context) => {
    // A part just closed: go on editing it; the next part is drawn with 新增多边形 again.
    if (context.mode === 'polygon' && context.action === 'draw') {
      draw.setMode('select')
      draw.selectFeature(id)
    }
    onChange()
  })

  return {
    /** Shows `outline` for editing (select mode), or starts drawing a new one. */
    start(outline: Outline | null) {
      if (!draw.enabled) draw.start()
      draw.clear()
      if (outline) {
        const results = draw.addFeatures(outlineFeatures(outline))
        draw.setMode('select')
        const first = results.find((result) => result.valid)
        if (first) draw.selectFeature(first.id!)
      } else draw.setMode('polygon')
    },
    /** Draw one more part (a MultiPolygon), or the first one after 清除. */
    addPart() {
      draw.setMode('polygon')
    },
    clear() {
      draw.clear()
      draw.setMode('polygon')
      onChange()
    },
    outline: (): Outline | null => outlineOf(draw.getSnapshot()),
    drawing: () => draw.enabled && draw.getMode() === 'polygon',
    stop() {
      if (draw.enabled) draw.stop()
    },
  }
}

export type PolygonDraw = ReturnType<typeof createPolygonDraw>
