/**
 * A queue that runs at most `concurrency` jobs at once, in the order they came. Photo decoding goes
 * through one for the whole process, so parallel uploads wait their turn instead of taking every
 * core from log-ins and reads (issue 9: four 36-photo inspections slowed log-in for everyone).
 */
export function createJobPool(concurrency: number) {
  let running = 0
  const waiting: (() => void)[] = []
  const stats = { started: 0, finished: 0 }

  async function run<T>(job: () => Promise<T>): Promise<T> {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve))
    else running++
    stats.started++
    try {
      return await job()
    } finally {
      stats.finished++
      // The slot passes straight to the next job, so `running` stays counted for it.
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }

  return {
    run,
    /** Jobs started and finished since the process began (tests count decodes with it). */
    stats: (): Readonly<typeof stats> => ({ ...stats }),
    /** Jobs waiting for a slot now. */
    queued: () => waiting.length,
  }
}

/** Decodes and re-encodes of hazard photos: one at a time, the other core stays for everything else. */
export const photoPool = createJobPool(1)
