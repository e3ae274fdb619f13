/**
 * Section B: each of the heavy requests, sent by one client over and over for a few
 * seconds (or by four at once), while another polls GET /healthz every 50 ms on a fixed schedule
 * (a stalled server shows as many slow polls, not as one). Each kind gets a fresh server, killed
 * afterwards, so one kind's leftovers never slow the next. Target: /healthz p99 < 200 ms.
 */
import sharp from 'sharp'
import { assembleCast, demoPassword, type Cast } from './cast.ts'
import { startChild } from './child-server.ts'
import { ms, percentile, printTable, timedFetch, type Outcome } from './http.ts'
import { boundary, emptyFileParts, multipartType } from './multipart.ts'
import { deepArray } from './odd-values.ts'

const pollEveryMs = 50
/** The same bytes for every send, without a copy per request (the largest is 48 MB). */
const bytes = (buffer: Buffer) =>
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length) as Uint8Array<ArrayBuffer>
const targetP99Ms = 200

type Attack = { url: string; init: () => RequestInit }
type Kind = { name: string; clients: number; attacks: (cast: Cast) => Attack[] }

/** A 7000×7000 PNG of one colour: ~50 kB to send, 49 million pixels to decode. */
const bigPng = () =>
  sharp({ create: { width: 7000, height: 7000, channels: 3, background: { r: 90, g: 120, b: 150 } } })
    .png({ compressionLevel: 9 })
    .toBuffer()

/** An inspection with four hazards and nine such PNGs each (the per-hazard maximum): 36 photos. */
function inspectionWithPhotos(cast: Cast, png: Buffer, n: number): Buffer {
  const inspection = JSON.stringify({
    enterprise_id: cast.ids.enterprise,
    kind: 'routine',
    inspected_on: '2026-10-14',
    inspectors: ['压测员'],
    hazards: Array.from({ length: 4 }, (_, i) => ({ level: 'general', description: `压测隐患 ${i}` })),
    client_request_id: `resilience-worst-${n}-${Date.now()}`,
  })
  const chunks: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="inspection"\r\n\r\n${inspection}\r\n`),
  ]
  for (let hazard = 0; hazard < 4; hazard++) {
    for (let photo = 0; photo < 9; photo++) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="hazards.${hazard}.photos"; filename="p${photo}.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        png,
        Buffer.from('\r\n'),
      )
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(chunks)
}

async function kinds(): Promise<Kind[]> {
  const emptyParts = emptyFileParts('photos', 100_000)
  const hugeLogin = Buffer.from(`{"username":"resilience","password":"${'x'.repeat(48 * 1024 * 1024)}"}`)
  const deepLogin = Buffer.from(`{"username":${deepArray(100_000)},"password":"x"}`)
  const png = await bigPng()
  let n = 0
  const photosInspection = (cast: Cast): Attack => ({
    url: `${cast.origin}/api/inspections`,
    init: () => ({
      method: 'POST',
      headers: { ...cast.grid.headers, 'content-type': multipartType },
      body: bytes(inspectionWithPhotos(cast, png, n++)),
    }),
  })
  const anonymousLogin = (cast: Cast, body: Buffer): Attack => ({
    url: `${cast.origin}/api/auth/login`,
    init: () => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes(body) }),
  })
  return [
    { name: 'idle (no attack)', clients: 0, attacks: () => [] },
    {
      name: `100,000 empty photo parts (${(emptyParts.length / 1e6).toFixed(1)} MB)`,
      clients: 1,
      attacks: (cast) => [
        {
          url: `${cast.origin}/api/hazards/${cast.ids.hazard}/photos`,
          init: () => ({
            method: 'POST',
            headers: { ...cast.grid.headers, 'content-type': multipartType },
            body: bytes(emptyParts),
          }),
        },
      ],
    },
    { name: '48 MB JSON log-in', clients: 1, attacks: (cast) => [anonymousLogin(cast, hugeLogin)] },
    { name: '100k-deep JSON log-in', clients: 1, attacks: (cast) => [anonymousLogin(cast, deepLogin)] },
    {
      name: `36 PNGs 7000×7000 (${((png.length * 36) / 1e6).toFixed(1)} MB)`,
      clients: 1,
      attacks: (cast) => [photosInspection(cast)],
    },
    { name: '4 × 36 PNGs in parallel', clients: 4, attacks: (cast) => [photosInspection(cast)] },
    {
      name: '40 failed log-ins, 40 usernames',
      clients: 1,
      attacks: (cast) =>
        cast.ids.otherGridUsernames.map((username) => ({
          url: `${cast.origin}/api/auth/login`,
          init: () => ({
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username, password: `${demoPassword}-wrong` }),
          }),
        })),
    },
  ]
}

type KindResult = { name: string; attacks: Outcome[]; polls: Outcome[] }

async function runKind(kind: Kind, env: Record<string, string>, seconds: number): Promise<KindResult> {
  const server = await startChild('test/bench/resilience/serve-demo.ts', env)
  try {
    const cast = await assembleCast(server.url)
    const attacks = kind.attacks(cast)
    const until = performance.now() + seconds * 1000
    const attackOutcomes: Outcome[] = []
    const client = async () => {
      for (let i = 0; performance.now() < until && i < 10_000; i++) {
        const attack = attacks[i % attacks.length]!
        attackOutcomes.push(await timedFetch(attack.url, attack.init()))
      }
    }
    const polls: Promise<Outcome>[] = []
    const poller = (async () => {
      for (let next = performance.now(); next < until; next += pollEveryMs) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())))
        polls.push(timedFetch(`${server.url}/healthz`))
      }
    })()
    await Promise.all([poller, ...Array.from({ length: kind.clients }, client)])
    return { name: kind.name, attacks: attackOutcomes, polls: await Promise.all(polls) }
  } finally {
    await server.stop()
  }
}

const statusCounts = (outcomes: Outcome[]) => {
  const counts = new Map<string, number>()
  for (const o of outcomes) {
    const key = o.status ? String(o.status) : o.error === 'timeout' ? 'timeout' : 'no answer'
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([status, count]) => `${status}×${count}`).join(' ') || '–'
}

export async function runWorst(env: Record<string, string>, seconds: number) {
  console.log(`  each kind for ${seconds} s on a fresh server; /healthz every ${pollEveryMs} ms`)
  const results: KindResult[] = []
  for (const kind of await kinds()) results.push(await runKind(kind, env, seconds))
  printTable(
    [
      'worst request',
      'sent',
      'statuses',
      'req p50',
      'req max',
      'healthz n',
      'p50',
      'p99',
      'max',
      'not 200',
      `p99 < ${targetP99Ms} ms`,
    ],
    results.map(({ name, attacks, polls }) => {
      const times = polls.map((p) => p.ms)
      const p99 = percentile(times, 99)
      return [
        name,
        attacks.length,
        statusCounts(attacks),
        ms(
          percentile(
            attacks.map((a) => a.ms),
            50,
          ),
        ),
        ms(attacks.length ? Math.max(...attacks.map((a) => a.ms)) : Number.NaN),
        polls.length,
        ms(percentile(times, 50)),
        ms(p99),
        ms(Math.max(...times)),
        polls.filter((p) => p.status !== 200).length,
        p99 < targetP99Ms ? 'yes' : 'NO',
      ]
    }),
  )
}
