import type { Draw } from '../../api/draws.ts'
import { drawCsv } from './draw-csv.ts'

type LabelOf = Parameters<typeof drawCsv>[1]
type ValueOf = Parameters<typeof drawCsv>[2]

/** Saves the draw's 公示 CSV (draw-csv.ts) as a file named after the draw and its planned date. */
export function downloadDrawCsv(draw: Draw, label: LabelOf, value: ValueOf) {
  const url = URL.createObjectURL(new Blob([drawCsv(draw, label, value)], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = `双随机抽查-${draw.id}-${draw.planned_on}.csv`
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
