/**
 * `npm start` runs this first (and the browser suites call it): builds the web app when its folder is missing or older
 * than its sources, so a fresh clone serves the app and later starts skip the ~20 s build. Two builds, two folders:
 * `production` (dist/web, what `npm start` serves) and `e2e` (dist/web-e2e, `vite build --mode e2e`, the only one
 * with the `window.__sheyang*` hooks the browser suites and benchmarks read).
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export type WebBuild = 'production' | 'e2e'

const root = fileURLToPath(new URL('..', import.meta.url))
/** Where each build goes (vite.config.ts chooses the same folder from the mode). */
export const webBuildDir = (kind: WebBuild) => join(root, kind === 'e2e' ? 'dist/web-e2e' : 'dist/web')
const sources = ['web', 'vite.config.ts', 'package-lock.json'].map((path) => join(root, path))

function newest(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

/** Builds `kind` when stale; answers its folder. */
export async function ensureWebBuild(kind: WebBuild = 'production'): Promise<string> {
  const dir = webBuildDir(kind)
  const output = join(dir, 'index.html')
  if (existsSync(output) && statSync(output).mtimeMs >= Math.max(...sources.map(newest))) return dir
  console.log(`[sheyang] Building the web app (${kind === 'e2e' ? 'dist/web-e2e, with test hooks' : 'dist/web'})…`)
  // Imported only when needed: loading Vite alone takes longer than checking the dates.
  const { build } = await import('vite')
  await build({ configFile: join(root, 'vite.config.ts'), mode: kind, logLevel: 'warn' })
  return dir
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await ensureWebBuild()
