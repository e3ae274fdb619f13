/** Runs `task` once to warm up, then `runs` times; returns each run's milliseconds. */
export async function time(task: () => Promise<unknown>, runs: number): Promise<number[]> {
  await task()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await task()
    samples.push(performance.now() - started)
  }
  return samples
}

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
