export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/**
 * Times two tasks alternately (a, b, a, b, …) after one warm-up each, so a change in the
 * machine's load affects both alike and their ratio stays meaningful on a noisy machine.
 */
export async function timePair(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  runs: number,
): Promise<[number[], number[]]> {
  await a()
  await b()
  const samplesA: number[] = []
  const samplesB: number[] = []
  for (let i = 0; i < runs; i++) {
    for (const [task, samples] of [
      [a, samplesA],
      [b, samplesB],
    ] as const) {
      const started = performance.now()
      await task()
      samples.push(performance.now() - started)
    }
  }
  return [samplesA, samplesB]
}
