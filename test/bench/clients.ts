/**
 * Desktop GIS against the OGC API (issue 16): QGIS 3.22 through PyQGIS (clients/qgis-count.py)
 * loads the enterprises layer with a Basic authentication configuration — the county account's
 * username and a personal API token — counts the features in a bbox, and the count is compared
 * with the API's numberMatched for the same bbox. Also prints what QGIS asked the server.
 *
 *   npm run bench -- clients
 *
 * Installs nothing: without python3-qgis (Debian's QGIS bindings) it prints how to install them
 * and skips. Not in the test suite: the bindings pull in ~170 packages (Qt, GDAL, QGIS).
 */
import { execFile } from 'node:child_process'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { serve } from '@hono/node-server'
import { openDatabase } from '../../db/client.ts'
import { ensureDefaults } from '../../db/defaults.ts'
import { migrate } from '../../db/migrate.ts'
import { generateDemoData } from '../../db/seed/generate.ts'
import { loadDemoData } from '../../db/seed/load.ts'
import { demoPassword } from '../../db/seed/users.ts'
import { createApp } from '../../server/app.ts'

const run = promisify(execFile)
const asOf = '2026-10-15'
const script = fileURLToPath(new URL('./clients/qgis-count.py', import.meta.url))
/** Central Sheyang (合德镇 and around): a few hundred enterprises. */
const bbox = '120.15,33.70,120.30,33.85'

/**
 * A Python that imports qgis: Debian's own first, since python3-qgis is built for it and a
 * python3 earlier on PATH (pyenv, a venv) does not see /usr/lib/python3/dist-packages.
 */
async function pythonWithQgis(): Promise<string | undefined> {
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      await run(python, ['-c', 'import qgis.core'], { timeout: 60_000 })
      return python
    } catch {
      // next
    }
  }
  return undefined
}

type QgisResult = {
  qgis_version: string
  auth_method: string
  valid: boolean
  error: string | null
  bbox_count?: number
  feature_count?: number
  fields?: number
  seconds: number
}

export async function benchClients() {
  const python = await pythonWithQgis()
  if (!python) {
    console.log('  skipped: PyQGIS is not installed (`python3 -c "import qgis"` fails). On Debian 12 / Ubuntu:')
    console.log('    sudo apt-get install --no-install-recommends python3-qgis   # QGIS 3.22, ~100 MB, ~170 packages')
    console.log('  then run `npm run bench -- clients` again.')
    return
  }

  const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' })
  await migrate(db)
  await loadDemoData(db, generateDemoData({ seed: 'sheyang', scale: 1, asOf }))
  await ensureDefaults(db, [2025, 2026])
  const app = createApp({ db, today: () => asOf })
  const seen: { url: string; scheme: string; status: number }[] = []
  const server = serve({
    fetch: async (request: Request) => {
      const response = await app.fetch(request)
      const scheme = request.headers.get('authorization')?.split(' ')[0] ?? 'none'
      seen.push({ url: decodeURIComponent(request.url), scheme, status: response.status })
      return response
    },
    port: 0,
    hostname: '127.0.0.1',
  }) as Server
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  try {
    // The county account's personal token, made by the admin as /admin → 令牌 does.
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: demoPassword }),
    })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const users = (await (await app.request('/api/admin/users', { headers: { cookie } })).json()) as {
      users: { id: number; username: string }[]
    }
    const county = users.users.find((user) => user.username === 'county')!
    const created = await app.request('/api/admin/tokens', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: county.id, name: 'QGIS bench', kind: 'personal' }),
    })
    const { token } = (await created.json()) as { token: string }
    const basic = `Basic ${Buffer.from(`county:${token}`).toString('base64')}`
    const matched = async (query: string) => {
      const answer = await app.request(`/ogc/collections/enterprises/items?limit=1${query}`, {
        headers: { authorization: basic },
      })
      return ((await answer.json()) as { numberMatched: number }).numberMatched
    }
    const [inBbox, total] = [await matched(`&bbox=${bbox}`), await matched('')]

    let agreesAll = true
    for (const mode of ['whole layer', 'restrictToRequestBBOX'] as const) {
      seen.length = 0
      const args = [script, `${origin}/ogc`, 'county', token, bbox, ...(mode === 'whole layer' ? [] : ['restrict'])]
      const { stdout, stderr } = await run(python, args, { timeout: 300_000, maxBuffer: 16 << 20 })
      const line = stdout.trim().split('\n').at(-1) ?? ''
      let result: QgisResult
      try {
        result = JSON.parse(line) as QgisResult
      } catch {
        console.log(`  PyQGIS printed no result: ${stdout.slice(-500)} ${stderr.slice(-1500)}`)
        process.exitCode = 1
        return
      }
      const schemes = [...new Set(seen.map((request) => request.scheme))]
      const refused = seen.filter((request) => request.status >= 400)
      const itemRequests = seen.filter((request) => /\/items\?/.test(request.url))
      console.log(
        `  — ${mode}: QGIS ${result.qgis_version} (${python}), auth ${result.auth_method}, layer valid ${result.valid}`,
      )
      if (!result.valid) console.log(`    error: ${result.error}`)
      console.log(
        `    requests: ${seen.length} (${itemRequests.length} items pages), Authorization: ${schemes.join(', ')}`,
      )
      for (const request of itemRequests.slice(0, 6)) console.log(`      ${request.url.replace(origin, '')}`)
      if (refused.length > 0) console.log(`    refused: ${refused.map((r) => `${r.status} ${r.url}`).join('; ')}`)
      console.log(`    bbox ${bbox}: QGIS ${result.bbox_count ?? '—'}, API numberMatched ${inBbox}`)
      console.log(`    layer: QGIS featureCount ${result.feature_count ?? '—'}, API numberMatched ${total}`)
      console.log(`    ${result.fields ?? '—'} fields; ${result.seconds} s in QGIS`)
      const agrees = result.valid && result.bbox_count === inBbox && schemes.every((scheme) => scheme === 'Basic')
      console.log(`    ${agrees ? 'agrees' : 'DISAGREES'}`)
      agreesAll &&= agrees
    }
    if (!agreesAll) process.exitCode = 1
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await db.close()
  }
}
