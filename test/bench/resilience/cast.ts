/**
 * The people and things a resilience run acts with, found through the API of a freshly started
 * demo server: a session per role, a kiosk and a personal token, and ids inside and outside the
 * grid officer's scope. Also creates what the fuzz may damage freely (a spare user and token).
 */
import sharp from 'sharp'

export const demoPassword = 'sheyang-demo'

/** Who a request is sent as: a session cookie or bearer token header, or nothing. */
export type Credential = { name: string; headers: Record<string, string> }

export type Cast = {
  origin: string
  admin: Credential
  county: Credential
  town: Credential
  grid: Credential
  viewer: Credential
  kiosk: Credential
  personal: Credential
  anonymous: Credential
  /** A cookie and a token no server ever issued. */
  forged: Credential
  ids: {
    townCode: string
    otherTownCode: string
    gridCode: string
    otherGridCode: string
    /** An enterprise in the grid officer's grid, and one elsewhere. */
    enterprise: number
    otherEnterprise: number
    /** An open hazard in the grid officer's grid, and one elsewhere. */
    hazard: number
    otherHazard: number
    photo: number
    draw: number
    /** Users and a token the fuzz may change, deactivate or revoke. */
    spareUser: number
    otherSpareUser: number
    spareToken: number
    /** Usernames of other grid officers (for failed log-ins that lock no one the bench needs). */
    otherGridUsernames: string[]
  }
}

async function call<T>(origin: string, path: string, credential: Credential | undefined, init: RequestInit = {}) {
  const response = await fetch(origin + path, {
    ...init,
    headers: { ...(credential?.headers ?? {}), ...(init.headers as Record<string, string> | undefined) },
    signal: AbortSignal.timeout(60_000),
  })
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: HTTP ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

const jsonBody = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

export async function logIn(origin: string, username: string, password = demoPassword): Promise<Credential> {
  const response = await fetch(`${origin}/api/auth/login`, {
    ...jsonBody('POST', { username, password }),
    signal: AbortSignal.timeout(60_000),
  })
  if (response.status !== 200) throw new Error(`log-in as ${username}: HTTP ${response.status}`)
  const sid = /sid=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!
  return { name: username, headers: { cookie: `sid=${sid}` } }
}

type Feature = { id: number | string; properties: Record<string, unknown> }
const items = async (origin: string, who: Credential, collection: string, query: string) =>
  (await call<{ features: Feature[] }>(origin, `/ogc/collections/${collection}/items?${query}`, who)).features

/** A small real PNG, for the one photo the fuzz may read and delete. */
const tinyPng = () =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .png()
    .toBuffer()

export async function assembleCast(origin: string): Promise<Cast> {
  const admin = await logIn(origin, 'admin')
  const county = await logIn(origin, 'county')
  const viewer = await logIn(origin, 'viewer')
  const open = await items(origin, county, 'hazards', 'status=assigned&limit=200')
  const hazard = open.find((f) => f.properties.grid_code)!
  const gridCode = String(hazard.properties.grid_code)
  const townCode = String(hazard.properties.town_code)
  const otherHazard = open.find((f) => f.properties.town_code !== townCode)!
  const grid = await logIn(origin, `grid-${gridCode}`)
  const town = await logIn(origin, `town-${townCode}`)
  const [enterprise] = await items(origin, grid, 'enterprises', `grid_code=${gridCode}&limit=1`)
  const otherEnterprise = (await items(origin, county, 'enterprises', 'limit=200')).find(
    (f) => f.properties.town_code !== townCode,
  )!
  const places = await call<{ towns: { code: string }[]; grids: { code: string; town_code: string }[] }>(
    origin,
    '/api/admin/places',
    admin,
  )
  const otherGrids = places.grids.filter((g) => g.town_code !== townCode)
  const { users } = await call<{ users: { id: number; username: string }[] }>(origin, '/api/admin/users', admin)
  const idOf = (username: string) => users.find((u) => u.username === username)!.id
  const token = async (userId: number, name: string, kind: 'kiosk' | 'personal') =>
    await call<{ token: string; id: number }>(
      origin,
      '/api/admin/tokens',
      admin,
      jsonBody('POST', { user_id: userId, name, kind }),
    )
  const kiosk = await token(idOf('viewer'), 'resilience kiosk', 'kiosk')
  const personal = await token(idOf(`grid-${gridCode}`), 'resilience personal', 'personal')
  const spareUser = (username: string) =>
    call<{ id: number }>(
      origin,
      '/api/admin/users',
      admin,
      jsonBody('POST', { username, display_name: '压测备用', password: 'resilience-spare-1', role: 'viewer' }),
    )
  const spare = await spareUser('resilience-spare')
  const otherSpare = await spareUser('resilience-spare-2')
  const spareToken = await token(spare.id, 'resilience spare', 'personal')
  const draw = await call<{ id: number }>(
    origin,
    '/api/draws',
    county,
    jsonBody('POST', { name: '压测', inspectors: ['甲', '乙'], enterprises: 2, inspectors_per_enterprise: 1 }),
  )
  const form = new FormData()
  form.append('photos', new Blob([new Uint8Array(await tinyPng())], { type: 'image/png' }), 'tiny.png')
  const uploaded = await call<{ photos: { id: number }[] }>(origin, `/api/hazards/${hazard.id}/photos`, grid, {
    method: 'POST',
    body: form,
  })
  const bearer = (name: string, secret: string): Credential => ({
    name,
    headers: { authorization: `Bearer ${secret}` },
  })
  return {
    origin,
    admin,
    county,
    town,
    grid,
    viewer,
    kiosk: bearer('kiosk token', kiosk.token),
    personal: bearer('personal token (grid)', personal.token),
    anonymous: { name: 'anonymous', headers: {} },
    forged: {
      name: 'forged',
      headers: { cookie: 'sid=forged-session-0000', authorization: 'Bearer forged-token-0000' },
    },
    ids: {
      townCode,
      otherTownCode: places.towns.find((t) => t.code !== townCode)!.code,
      gridCode,
      otherGridCode: otherGrids[0]!.code,
      enterprise: Number(enterprise!.id),
      otherEnterprise: Number(otherEnterprise.id),
      hazard: Number(hazard.id),
      otherHazard: Number(otherHazard.id),
      photo: uploaded.photos[0]!.id,
      draw: draw.id,
      spareUser: spare.id,
      spareToken: spareToken.id,
      otherSpareUser: otherSpare.id,
      otherGridUsernames: otherGrids.slice(0, 40).map((g) => `grid-${g.code}`),
    },
  }
}
