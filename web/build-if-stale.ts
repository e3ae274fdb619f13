/**
 * `npm start` runs this first (and the browser suites call it): builds the web app into dist/web when it is missing or older than
 * its sources, so a fresh clone serves the app and later starts skip the ~20 s build.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const output = join(root, 'dist/web/index.html')
const sources = ['web', 'vite.config.ts', 'package-lock.json'].map((path) => join(root, path))

function newest(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

export async function ensureWebBuild() {
  if (existsSync(output) && statSync(output).mtimeMs >= Math.max(...sources.map(newest))) return
  console.log('[sheyang] Building the web app (dist/web)…')
  // Imported only when needed: loading Vite alone takes longer than checking the dates.
  const { build } = await import('vite')
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await ensureWebBuild()
