import type { Map as MapLibreMap } from 'maplibre-gl'
import { outletStatusColors, riskColors } from '../domain/colors.ts'
import { outletKinds, outletStatuses, riskLevels, sectors, type Sector } from '../domain/vocab.ts'

/** Marker shapes as SVG paths in a 24×24 box: drawn on the map (canvas) and in legends (SVG). */
export const shapePaths = {
  circle: 'M12 4a8 8 0 1 0 0.001 0Z',
  square: 'M5 5h14v14H5Z',
  diamond: 'M12 2.5 21.5 12 12 21.5 2.5 12Z',
  triangle: 'M12 3.5 21 20H3Z',
  hexagon: 'M12 3 19.8 7.5v9L12 21l-7.8-4.5v-9Z',
  pentagon: 'M12 3 20.6 9.2 17.3 19.5H6.7L3.4 9.2Z',
  star: 'M12 2.5l2.7 6.3 6.8.6-5.2 4.5 1.6 6.7L12 17.1l-5.9 3.5 1.6-6.7-5.2-4.5 6.8-.6Z',
} as const

export type Shape = keyof typeof shapePaths

/** Sector → shape: the regulator's high-attention classes get distinct shapes, the rest a circle. */
export const sectorShapes: Record<Sector, Shape> = {
  hazchem: 'diamond',
  fireworks: 'star',
  metallurgy: 'square',
  nonferrous: 'square',
  machinery: 'hexagon',
  building_materials: 'pentagon',
  light_industry: 'triangle',
  textile: 'triangle',
  tobacco: 'triangle',
  commerce: 'circle',
  construction: 'circle',
  transport: 'circle',
  other: 'circle',
}

export const outletKindShapes = { fixed: 'square', temporary: 'triangle' } as const satisfies Record<string, Shape>

export const enterpriseIconId = (sector: string, risk: string) => `enterprise-${sector}-${risk}`
export const outletIconId = (kind: string, status: string) => `outlet-${kind}-${status}`

const pixelRatio = 2
const size = 24 * pixelRatio

function drawShape(shape: Shape, fill: string, stroke: string): ImageData | undefined {
  const canvas = document.createElement('canvas')
  canvas.width = size
  canvas.height = size
  const context = canvas.getContext('2d')
  if (!context) return undefined
  context.scale(pixelRatio, pixelRatio)
  const path = new Path2D(shapePaths[shape])
  context.fillStyle = fill
  context.fill(path)
  context.lineWidth = 1.6
  context.lineJoin = 'round'
  context.strokeStyle = stroke
  context.stroke(path)
  return context.getImageData(0, 0, size, size)
}

/** Adds every marker image the layers use; drawn locally, so no sprite request is made. */
export function addMarkerImages(map: MapLibreMap) {
  const add = (id: string, image: ImageData | undefined) => {
    if (image && !map.hasImage(id)) map.addImage(id, image, { pixelRatio })
  }
  for (const sector of sectors) {
    for (const risk of riskLevels) {
      // Yellow needs a dark outline to read on the light background.
      add(
        enterpriseIconId(sector, risk),
        drawShape(sectorShapes[sector], riskColors[risk], risk === 'general' ? '#6b5a00' : '#ffffff'),
      )
    }
  }
  for (const kind of outletKinds) {
    for (const status of outletStatuses) {
      add(
        outletIconId(kind, status),
        drawShape(outletKindShapes[kind], outletStatusColors[status], status === 'closed' ? '#5f6368' : '#ffffff'),
      )
    }
  }
}
