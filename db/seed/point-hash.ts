import { metresPerDegreeLat, metresPerDegreeLon } from './geography.ts'

const cellDegrees = 0.002

/** Points bucketed by ~200 m cells: "is anything within d metres (d ≤ 200)?" without scanning them all. */
export class PointHash {
  private readonly cells = new Map<string, [number, number][]>()

  add(p: [number, number]): void {
    const key = this.key(Math.floor(p[0] / cellDegrees), Math.floor(p[1] / cellDegrees))
    const cell = this.cells.get(key)
    if (cell) cell.push(p)
    else this.cells.set(key, [p])
  }

  anyWithin(p: [number, number], metres: number): boolean {
    const cx = Math.floor(p[0] / cellDegrees)
    const cy = Math.floor(p[1] / cellDegrees)
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const q of this.cells.get(this.key(cx + dx, cy + dy)) ?? []) {
          if (Math.hypot((q[0] - p[0]) * metresPerDegreeLon, (q[1] - p[1]) * metresPerDegreeLat) < metres) return true
        }
      }
    }
    return false
  }

  private key(x: number, y: number): string {
    return `${x}:${y}`
  }
}
