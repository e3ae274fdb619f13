import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import { notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'

/**
 * The files the OGC API's HTML pages load, mounted at /ogc-assets/{version}/{file}; open to anyone
 * (no data in them), like the web app's /assets.
 *
 * MapLibre comes from node_modules/maplibre-gl/dist (a dependency of the server's install too), not
 * from the web app's build: Vite bundles MapLibre into a hashed chunk whose exports are renamed,
 * and the pages must work where no build exists (tests, `npm run dev`). `version` hashes every
 * file, so the answers are cached for a year and a release never meets a stale copy; any other
 * version is a 404.
 */
const maplibreFile = (name: string) => fileURLToPath(import.meta.resolve(`maplibre-gl/dist/${name}`))
const ownFile = (name: string) => fileURLToPath(new URL(`./html/${name}`, import.meta.url))

const javascript = 'text/javascript; charset=utf-8'
const css = 'text/css; charset=utf-8'
const sources: Record<string, { path: () => string; type: string }> = {
  'maplibre-gl.mjs': { path: () => maplibreFile('maplibre-gl.mjs'), type: javascript },
  'maplibre-gl-worker.mjs': { path: () => maplibreFile('maplibre-gl-worker.mjs'), type: javascript },
  'maplibre-gl.css': { path: () => maplibreFile('maplibre-gl.css'), type: css },
  'ogc-map.js': { path: () => ownFile('ogc-map.js'), type: javascript },
  'ogc.css': { path: () => ownFile('ogc.css'), type: css },
}
export type AssetName = keyof typeof sources

type Loaded = { version: string; files: Map<string, Buffer> }
let loaded: Loaded | undefined

/** Read once, on the first page or asset asked for. */
function load(): Loaded {
  if (loaded) return loaded
  const files = new Map(Object.entries(sources).map(([name, source]) => [name, readFileSync(source.path())]))
  const hash = createHash('sha256')
  for (const [name, bytes] of files) hash.update(name).update(bytes)
  loaded = { version: hash.digest('hex').slice(0, 12), files }
  return loaded
}

/** The path a page links to for one of the files. */
export const assetPath = (name: 'maplibre-gl.css' | 'ogc-map.js' | 'ogc.css') => `/ogc-assets/${load().version}/${name}`

export const ogcAssets = new Hono<AppEnv>().get('/:version/:file', (c) => {
  const { version, files } = load()
  const name = c.req.param('file')
  const bytes = files.get(name)
  if (c.req.param('version') !== version || !bytes) throw notFound(`No such file: ${c.req.path}`)
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': sources[name]!.type,
    'Cache-Control': 'public, max-age=31536000, immutable',
  })
})
