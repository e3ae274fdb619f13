import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))

export type ChildServer = {
  url: string
  pid: number
  /** Everything the child wrote to stderr so far (its error log), cut to the last 200 kB. */
  stderr(): string
  /** Whether the child is still running. */
  alive(): boolean
  /** SIGKILL (the default) or SIGTERM, then waits for the exit (at most 15 s). */
  stop(signal?: NodeJS.Signals): Promise<void>
}

/** A free loopback port (the kernel's pick; a small race with other programs is acceptable in a bench). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/**
 * Runs `node --import tsx <script>` (one process, so killing its pid kills the server) and waits
 * until it prints a line matching `ready` whose first group is the port. A child that exits or
 * stays silent for `startTimeoutMs` is killed and reported.
 */
export async function startChild(
  script: string,
  env: Record<string, string>,
  { ready = /Ready: http:\/\/127\.0\.0\.1:(\d+)\//, startTimeoutMs = 180_000 } = {},
): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-200_000)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))])
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line within ${startTimeoutMs} ms`)), startTimeoutMs)
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout = (stdout + chunk.toString()).slice(-20_000)
        const match = ready.exec(stdout)
        if (match) {
          clearTimeout(timer)
          resolve(Number(match[1]))
        }
      })
      void exited.then(() => {
        clearTimeout(timer)
        reject(new Error(`exited with ${child.exitCode ?? child.signalCode}: ${stderr.slice(-2000)}`))
      })
    })
    return {
      url: `http://127.0.0.1:${port}`,
      pid: child.pid!,
      stderr: () => stderr,
      alive: () => child.exitCode === null && child.signalCode === null,
      stop,
    }
  } catch (error) {
    await stop()
    throw new Error(`${script}: ${error instanceof Error ? error.message : String(error)}`)
  }
}
