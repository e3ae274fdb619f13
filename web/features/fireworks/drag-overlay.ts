import type { Map as MapLibreMap } from 'maplibre-gl'
import { candidateColor, planAddedColor, violationColor } from '../../domain/colors.ts'
import { metres, type ProbeParty } from './map-features.ts'

/**
 * The outlet being dragged and its live conflicts, drawn on a 2D canvas over the map rather than
 * in a map source: the map does not repaint while the mouse moves (a full WebGL frame is costly,
 * above all in software rendering), only this small canvas does. The map's probe source takes
 * over when the outlet is dropped.
 */
export function createDragOverlay(map: MapLibreMap) {
  const canvas = document.createElement('canvas')
  canvas.style.cssText = 'position:absolute;inset:0;pointer-events:none;z-index:1'
  map.getContainer().appendChild(canvas)
  const context = canvas.getContext('2d')!

  function size() {
    const { clientWidth: width, clientHeight: height } = map.getContainer()
    const ratio = globalThis.devicePixelRatio || 1
    if (canvas.width !== width * ratio || canvas.height !== height * ratio) {
      canvas.width = width * ratio
      canvas.height = height * ratio
      canvas.style.width = `${width}px`
      canvas.style.height = `${height}px`
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0)
  }

  function draw(at: [number, number], allowed: boolean, parties: ProbeParty[]) {
    size()
    context.clearRect(0, 0, canvas.width, canvas.height)
    const from = map.project(at)
    context.font = 'bold 13px sans-serif'
    context.lineWidth = 2
    for (const party of parties) {
      const to = map.project([party.at[0]!, party.at[1]!])
      const colour = party.breaks ? violationColor : candidateColor
      context.strokeStyle = colour
      context.setLineDash([6, 3])
      context.beginPath()
      context.moveTo(from.x, from.y)
      context.lineTo(to.x, to.y)
      context.stroke()
      context.setLineDash([])
      const label = metres(party.distance)
      const x = (from.x + to.x) / 2
      const y = (from.y + to.y) / 2
      context.lineWidth = 4
      context.strokeStyle = '#ffffff'
      context.strokeText(label, x + 4, y - 4)
      context.fillStyle = colour
      context.fillText(label, x + 4, y - 4)
      context.lineWidth = 2
    }
    context.beginPath()
    context.arc(from.x, from.y, 8, 0, Math.PI * 2)
    context.fillStyle = allowed ? planAddedColor : violationColor
    context.fill()
    context.lineWidth = 2.5
    context.strokeStyle = '#ffffff'
    context.stroke()
  }

  function clear() {
    context.clearRect(0, 0, canvas.width, canvas.height)
  }

  return { draw, clear }
}
