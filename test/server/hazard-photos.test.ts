import { sql } from 'drizzle-orm'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { photoPool } from '../../server/hazards/photo-pool.ts'
import { json, testApp, type As, type Request } from '../support/test-app.ts'
import { accessFixture, userId } from './auth/fixtures.ts'
import { hazardMaker, type Hazard } from './hazards/support.ts'

let request: Request
let db: Database
let fx: Awaited<ReturnType<typeof accessFixture>>
let maker: ReturnType<typeof hazardMaker>
const madeInspections: number[] = []

beforeAll(async () => {
  ;({ request, db } = await testApp())
  fx = await accessFixture(db)
  maker = hazardMaker(request, db)
})
afterAll(async () => {
  await maker.cleanUp()
  for (const id of madeInspections) {
    await db.rows(sql`DELETE FROM hazards WHERE inspection_id = ${id}::int`)
    await db.rows(sql`DELETE FROM inspections WHERE id = ${id}::int`)
  }
})

type PhotoMeta = { id: number; stage: string; width: number; height: number }

/** A real photo-like JPEG: noise, an EXIF orientation (rotate 90°), an author and a GPS position. */
async function cameraJpeg(width = 400, height = 200) {
  const noise = Buffer.alloc(width * height * 3)
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251
  return sharp(noise, { raw: { width, height, channels: 3 } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Artist: 'Officer Wang' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 46/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 15/1 0/1' },
    })
    .toBuffer()
}
const png = (width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } })
    .png()
    .toBuffer()

function form(files: [name: string, bytes: Uint8Array, filename: string, type?: string][], fields = {}) {
  const body = new FormData()
  for (const [name, value] of Object.entries(fields)) body.append(name, String(value))
  for (const [name, bytes, filename, type = 'image/jpeg'] of files) {
    body.append(name, new Blob([new Uint8Array(bytes)], { type }), filename)
  }
  return body
}
const upload = (hazard: number, body: FormData, as: As = fx.gridUser) =>
  request(`/api/hazards/${hazard}/photos`, { method: 'POST', body }, as)
const answer = async (response: Response) => [response.status, (await response.json()) as Record<string, unknown>]
const errorOf = async (response: Response) => [response.status, ((await response.json()) as { error: string }).error]

async function newHazard(as: As = fx.gridUser): Promise<Hazard> {
  const { hazards } = await maker.inspect(fx.ownEnterprise, [{ level: 'general', description: '消防通道堵塞' }], as)
  return hazards[0]!
}

describe('post /api/hazards/{id}/photos', () => {
  it('re-encodes the photo: upright, metadata stripped, JPEG, bounded; audited without the bytes', async () => {
    const hazard = await newHazard()
    const response = await upload(hazard.id, form([['photos', await cameraJpeg(), 'IMG_0001.jpg']]))
    const [status, body] = await answer(response)
    expect(status).toBe(201)
    const [photo] = (body as { photos: PhotoMeta[] }).photos
    // EXIF orientation 6 turned the 400×200 picture upright: 200×400.
    expect(photo).toMatchObject({ stage: 'found', width: 200, height: 400 })

    const read = await request(`/api/hazards/${hazard.id}/photos/${photo!.id}`, {}, fx.gridUser)
    expect(read.status).toBe(200)
    expect(read.headers.get('content-type')).toBe('image/jpeg')
    expect(read.headers.get('x-content-type-options')).toBe('nosniff')
    expect(read.headers.get('cache-control')).toBe('private, max-age=31536000, immutable')
    const bytes = Buffer.from(await read.arrayBuffer())
    const stored = await sharp(bytes).metadata()
    expect([stored.format, stored.width, stored.height, stored.exif, stored.orientation]).toEqual([
      'jpeg',
      200,
      400,
      undefined,
      undefined,
    ])
    expect(bytes.includes(Buffer.from('Officer Wang'))).toBe(false)

    const officer = await userId(db, fx.gridUser)
    const audit = await db.rows<{ action: string; user_id: number; after: Record<string, unknown> }>(sql`
      SELECT action, user_id, after FROM audit_log WHERE entity = 'hazard_photos' AND entity_id = ${String(photo!.id)}`)
    expect(audit).toEqual([
      {
        action: 'create',
        user_id: officer,
        after: {
          id: photo!.id,
          hazard_id: hazard.id,
          stage: 'found',
          content_type: 'image/jpeg',
          width: 200,
          height: 400,
          byte_size: bytes.length,
          sha256: (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex'),
          uploaded_by_user_id: officer,
        },
      },
    ])

    // The hazard's JSON carries the photo's metadata everywhere it appears.
    const one = (await (await request(`/api/hazards/${hazard.id}`, {}, fx.gridUser)).json()) as {
      hazard: { photos: PhotoMeta[]; version: number }
    }
    expect(one.hazard.photos).toEqual([photo])
    expect(one.hazard.version).toBe(hazard.version)
    const worklist = (await (await request(`/api/grids/${fx.gridCode}/worklist`, {}, fx.gridUser)).json()) as {
      hazards: { id: number; photos: PhotoMeta[] }[]
    }
    expect(worklist.hazards.find((h) => h.id === hazard.id)!.photos).toEqual([photo])
    const record = (await (await request(`/api/enterprises/${fx.ownEnterprise}`, {}, fx.gridUser)).json()) as {
      hazards: { id: number; photos: PhotoMeta[] }[]
    }
    expect(record.hazards.find((h) => h.id === hazard.id)!.photos).toEqual([photo])
  })

  it('bounds the long side to 1600 px and flattens PNG transparency into a JPEG', async () => {
    const hazard = await newHazard()
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#3366cc' } })
      .webp()
      .toBuffer()
    const [status, body] = await answer(
      await upload(
        hazard.id,
        form(
          [
            ['photos', big, 'big.webp', 'image/webp'],
            ['photos', await png(), 'small.png', 'image/png'],
          ],
          { stage: 'rectified' },
        ),
      ),
    )
    expect(status).toBe(201)
    expect((body as { photos: PhotoMeta[] }).photos.map((p) => [p.stage, p.width, p.height])).toEqual([
      ['rectified', 1600, 1200],
      ['rectified', 64, 48],
    ])
  })

  it('refuses what is not a JPEG, PNG or WebP by its content with 415, whatever its name or MIME type', async () => {
    const hazard = await newHazard()
    const payloads: [Uint8Array, string, string][] = [
      [Buffer.from('这不是照片，只是改了扩展名的文本'), 'notes.jpg', 'image/jpeg'],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'page.jpg', 'image/jpeg'],
      [
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'),
        'drawing.svg',
        'image/svg+xml',
      ],
      [(await cameraJpeg()).subarray(0, 200), 'cut.jpg', 'image/jpeg'],
    ]
    const errors = []
    for (const [bytes, name, type] of payloads) {
      errors.push(await errorOf(await upload(hazard.id, form([['photos', bytes, name, type]]))))
    }
    expect(errors).toEqual([
      [415, 'photos.0 (notes.jpg) is not a JPEG, PNG or WebP image'],
      [415, 'photos.0 (page.jpg) is not a JPEG, PNG or WebP image'],
      [415, 'photos.0 (drawing.svg) is not a JPEG, PNG or WebP image'],
      [415, 'photos.0 (cut.jpg) could not be read as a JPEG image (damaged or incomplete)'],
    ])
    const json = await request(`/api/hazards/${hazard.id}/photos`, json_('{}'), fx.gridUser)
    expect((await errorOf(json))[0]).toBe(415)
    const [{ n }] = (await db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM hazard_photos WHERE hazard_id = ${hazard.id}::int`,
    )) as [{ n: number }]
    expect(n).toBe(0)
  })

  it('refuses a photo over 10 MB and a request over 40 MB with 413', async () => {
    const hazard = await newHazard()
    const jpeg = await cameraJpeg()
    const padded = Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * 1024 + 1 - jpeg.length)])
    expect(await errorOf(await upload(hazard.id, form([['photos', padded, 'huge.jpg']])))).toEqual([
      413,
      'photos.0 (huge.jpg) is larger than 10485760 bytes (10 MB), the most a photo may have',
    ])
    const many = form(Array.from({ length: 5 }, (_, i) => ['photos', padded.subarray(0, 9_000_000), `p${i}.jpg`]))
    const [status, error] = await errorOf(await upload(hazard.id, many))
    expect([status, error]).toEqual([
      413,
      'The request is larger than 41943040 bytes (40 MB); send fewer photos at a time, each at most 10 MB',
    ])
  })

  it('keeps at most 9 photos per hazard and stage: 422, and 413 for a 10th file in one request', async () => {
    const hazard = await newHazard()
    const small = await png(8, 8)
    const six = () => form(Array.from({ length: 6 }, (_, i) => ['photos', small, `p${i}.png`, 'image/png']))
    expect((await upload(hazard.id, six())).status).toBe(201)
    expect(await errorOf(await upload(hazard.id, six()))).toEqual([
      422,
      `Hazard ${hazard.id} would have 12 found photos; at most 9 are kept per hazard and stage (it has 6)`,
    ])
    const ten = form(Array.from({ length: 10 }, (_, i) => ['photos', small, `p${i}.png`, 'image/png']))
    expect(await errorOf(await upload(hazard.id, ten, 'county'))).toEqual([
      413,
      'photos: more than 9 files; at most 9 photos are kept per hazard and stage',
    ])
    // The other stage has its own nine.
    expect(
      (await upload(hazard.id, form([['photos', small, 'after.png', 'image/png']], { stage: 'rectified' }))).status,
    ).toBe(201)
  })

  it('is scoped: another grid gets 404 on upload and on read; a viewer may read but not upload', async () => {
    const hazard = await newHazard()
    const [, body] = await answer(await upload(hazard.id, form([['photos', await png(), 'a.png', 'image/png']])))
    const photo = (body as { photos: PhotoMeta[] }).photos[0]!
    const otherGrid = `grid-${fx.foreignGrid}`
    expect(await errorOf(await upload(hazard.id, form([['photos', await png(), 'a.png']]), otherGrid))).toEqual([
      404,
      `No hazard ${hazard.id}`,
    ])
    expect(await errorOf(await request(`/api/hazards/${hazard.id}/photos/${photo.id}`, {}, otherGrid))).toEqual([
      404,
      `No photo ${photo.id} of hazard ${hazard.id}`,
    ])
    // The photo id under another hazard's path is no way around the scope either.
    expect((await request(`/api/hazards/${fx.foreignHazard.id}/photos/${photo.id}`, {}, 'county')).status).toBe(404)
    expect((await request(`/api/hazards/${hazard.id}/photos/${photo.id}`, {}, 'viewer')).status).toBe(200)
    expect((await upload(hazard.id, form([['photos', await png(), 'a.png']]), 'viewer')).status).toBe(403)
    expect((await request(`/api/hazards/${hazard.id}/photos/${photo.id}`, {}, 'anonymous')).status).toBe(401)
  })
})

describe('delete /api/hazards/{id}/photos/{photo}', () => {
  it('lets the uploader or a county user remove a photo while the hazard is open, audited', async () => {
    const hazard = await newHazard()
    const [, body] = await answer(
      await upload(
        hazard.id,
        form([
          ['photos', await png(), 'a.png', 'image/png'],
          ['photos', await png(), 'b.png', 'image/png'],
        ]),
      ),
    )
    const [first, second] = (body as { photos: PhotoMeta[] }).photos
    const del = (id: number, as: As) => request(`/api/hazards/${hazard.id}/photos/${id}`, { method: 'DELETE' }, as)
    expect(await errorOf(await del(first!.id, fx.townUser))).toEqual([
      403,
      'A photo is removed by the user who uploaded it, or by a county or admin user',
    ])
    expect((await del(first!.id, fx.gridUser)).status).toBe(204)
    expect((await del(second!.id, 'county')).status).toBe(204)
    expect((await del(second!.id, 'county')).status).toBe(404)
    const audit = await db.rows<{ action: string; entity_id: string; before: { sha256: string } }>(sql`
      SELECT action, entity_id, before FROM audit_log WHERE entity = 'hazard_photos' AND action = 'delete'
        AND entity_id IN (${String(first!.id)}, ${String(second!.id)}) ORDER BY id`)
    expect(audit.map((a) => [a.action, a.entity_id, a.before.sha256.length])).toEqual([
      ['delete', String(first!.id), 64],
      ['delete', String(second!.id), 64],
    ])
    const read = await request(`/api/hazards/${hazard.id}/photos/${first!.id}`, {}, fx.gridUser)
    expect(read.status).toBe(404)
  })

  it('refuses to change the photos of a closed hazard: 422', async () => {
    const hazard = await newHazard()
    const [, body] = await answer(await upload(hazard.id, form([['photos', await png(), 'a.png', 'image/png']])))
    const photo = (body as { photos: PhotoMeta[] }).photos[0]!
    await db.rows(sql`UPDATE hazards SET status = 'closed', closed_on = '2026-10-15' WHERE id = ${hazard.id}::int`)
    expect(
      await errorOf(await request(`/api/hazards/${hazard.id}/photos/${photo.id}`, { method: 'DELETE' }, 'county')),
    ).toEqual([422, `Hazard ${hazard.id} is closed; its photos are part of its record`])
    expect(
      await errorOf(await upload(hazard.id, form([['photos', await png(), 'a.png', 'image/png']]), 'county')),
    ).toEqual([422, `Hazard ${hazard.id} is closed; its photos can no longer change`])
  })
})

const json_ = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body })

describe('post /api/inspections as multipart with photos', () => {
  const inspection = (extra: Record<string, unknown> = {}) => ({
    enterprise_id: fx.ownEnterprise,
    kind: 'routine',
    inspected_on: '2026-10-14',
    inspectors: ['王强'],
    hazards: [
      { level: 'general', description: '灭火器过期' },
      { level: 'major', description: '粉尘未清理', deadline: '2026-11-01' },
    ],
    ...extra,
  })
  const inspectionCount = async () =>
    (
      await db.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM inspections WHERE enterprise_id = ${fx.ownEnterprise}::int`,
      )
    )[0]!.n

  it('saves the inspection, its hazards and their photos in one request', async () => {
    const body = form(
      [
        ['hazards.0.photos', await cameraJpeg(), 'a.jpg'],
        ['hazards.1.photos', await png(), 'b.png', 'image/png'],
        ['hazards.1.photos', await png(32, 32), 'c.png', 'image/png'],
      ],
      { inspection: JSON.stringify(inspection({ client_request_id: `req-${Date.now()}-a` })) },
    )
    const response = await request('/api/inspections', { method: 'POST', body }, fx.gridUser)
    const [status, saved] = await answer(response)
    expect(status).toBe(201)
    const result = saved as { inspection: { id: number }; hazards: { description: string; photos: PhotoMeta[] }[] }
    madeInspections.push(result.inspection.id)
    expect(result.hazards.map((h) => [h.description, h.photos.map((p) => [p.stage, p.width, p.height])])).toEqual([
      ['灭火器过期', [['found', 200, 400]]],
      [
        '粉尘未清理',
        [
          ['found', 64, 48],
          ['found', 32, 32],
        ],
      ],
    ])
  })

  it('saves nothing when one photo is bad, and names the hazard and file', async () => {
    const before = await inspectionCount()
    const photosBefore = (await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM hazard_photos`))[0]!.n
    const body = form(
      [
        ['hazards.0.photos', await cameraJpeg(), 'good.jpg'],
        ['hazards.1.photos', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'bad.jpg'],
      ],
      { inspection: JSON.stringify(inspection()) },
    )
    expect(await errorOf(await request('/api/inspections', { method: 'POST', body }, fx.gridUser))).toEqual([
      415,
      'hazards.1.photos.0 (bad.jpg) is not a JPEG, PNG or WebP image',
    ])
    const small = await png()
    const tooMany = form(
      Array.from({ length: 10 }, (_, i) => ['hazards.0.photos', small, `p${i}.png`] as [string, Uint8Array, string]),
      { inspection: JSON.stringify(inspection()) },
    )
    expect(await errorOf(await request('/api/inspections', { method: 'POST', body: tooMany }, fx.gridUser))).toEqual([
      413,
      'hazards.0.photos: more than 9 files; at most 9 photos are kept per hazard and stage',
    ])
    const stray = form([['hazards.5.photos', await png(), 'a.png']], { inspection: JSON.stringify(inspection()) })
    expect(await errorOf(await request('/api/inspections', { method: 'POST', body: stray }, fx.gridUser))).toEqual([
      400,
      'Unexpected part hazards.5.photos: photos go in file parts named hazards.{i}.photos, i < 2',
    ])
    expect(await inspectionCount()).toBe(before)
    expect((await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM hazard_photos`))[0]!.n).toBe(photosBefore)
  })

  it('answers a retried save with the first result instead of a second inspection', async () => {
    const key = `retry-${Date.now()}`
    const send = async () =>
      request(
        '/api/inspections',
        {
          method: 'POST',
          body: form([['hazards.0.photos', await png(), 'a.png', 'image/png']], {
            inspection: JSON.stringify(inspection({ client_request_id: key })),
          }),
        },
        fx.gridUser,
      )
    const before = await inspectionCount()
    const first = await send()
    expect(first.status).toBe(201)
    const firstBody = (await first.json()) as {
      inspection: { id: number }
      hazards: { id: number; photos: PhotoMeta[] }[]
    }
    madeInspections.push(firstBody.inspection.id)
    const again = await send()
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ ...firstBody, replayed: true })
    // The JSON body takes the key too.
    const viaJson = await request('/api/inspections', json('POST', inspection({ client_request_id: key })), fx.gridUser)
    expect(((await viaJson.json()) as { inspection: { id: number } }).inspection.id).toBe(firstBody.inspection.id)
    expect(await inspectionCount()).toBe(before + 1)
    // Another grid's officer cannot read the result through the key: it is a new save there, refused by scope.
    const foreign = await request(
      '/api/inspections',
      json('POST', inspection({ client_request_id: key })),
      `grid-${fx.foreignGrid}`,
    )
    expect(foreign.status).toBe(404)
  })
})

describe('photos are decoded after the scope check, within a pixel budget, through the pool', () => {
  // Issue 9: a 7000×7000 px PNG is tiny to send and costs about half a second of CPU to decode.
  let bomb: Buffer | undefined
  const sevenThousand = async () =>
    (bomb ??= await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#808080' } })
      .png({ palette: true, compressionLevel: 9 })
      .toBuffer())
  const decodes = () => photoPool.stats().started
  const planned = (extra: Record<string, unknown>, hazards = 1) => ({
    enterprise_id: fx.ownEnterprise,
    kind: 'routine',
    inspected_on: '2026-10-14',
    inspectors: ['王强'],
    hazards: Array.from({ length: hazards }, (_, i) => ({ level: 'general', description: `隐患 ${i}` })),
    ...extra,
  })

  it('post /api/hazards/{id}/photos answers 404 out of scope without decoding the photo', async () => {
    const hazard = await newHazard()
    const before = decodes()
    const otherGrid = `grid-${fx.foreignGrid}`
    const png7000 = await sevenThousand()
    expect(png7000.length).toBeLessThan(200_000)
    expect(
      await errorOf(await upload(hazard.id, form([['photos', png7000, 'big.png', 'image/png']]), otherGrid)),
    ).toEqual([404, `No hazard ${hazard.id}`])
    expect(decodes()).toBe(before)
  })

  it('post /api/inspections answers 404 for an enterprise or planned inspection out of scope without decoding', async () => {
    const [other] = await db.rows<{ id: number }>(sql`
      INSERT INTO inspections (enterprise_id, kind, status, inspected_on, inspectors)
      VALUES (${fx.foreignEnterprise}::int, 'double_random', 'planned', '2026-10-15', ARRAY['张伟'])
      RETURNING id`)
    madeInspections.push(other!.id)
    const before = decodes()
    const send = async (body: Record<string, unknown>) =>
      errorOf(
        await request(
          '/api/inspections',
          {
            method: 'POST',
            body: form([['hazards.0.photos', await sevenThousand(), 'big.png', 'image/png']], {
              inspection: JSON.stringify(body),
            }),
          },
          fx.gridUser,
        ),
      )
    expect(await send(planned({ enterprise_id: fx.foreignEnterprise }))).toEqual([
      404,
      `No enterprise ${fx.foreignEnterprise}`,
    ])
    expect(await send(planned({ planned_inspection_id: other!.id, version: 1 }))).toEqual([
      404,
      `No planned inspection ${other!.id} of enterprise ${fx.ownEnterprise}`,
    ])
    expect(decodes()).toBe(before)
  })

  it('post /api/inspections answers 413 pixel_budget to 36 PNGs of 7000×7000 px and decodes none', async () => {
    const png7000 = await sevenThousand()
    const files = Array.from(
      { length: 36 },
      (_, i) => [`hazards.${i % 4}.photos`, png7000, `p${i}.png`, 'image/png'] as [string, Uint8Array, string, string],
    )
    const before = decodes()
    const saved = await inspectionCountOf(fx.ownEnterprise)
    const response = await request(
      '/api/inspections',
      { method: 'POST', body: form(files, { inspection: JSON.stringify(planned({}, 4)) }) },
      fx.gridUser,
    )
    expect([response.status, await response.json()]).toEqual([
      413,
      {
        error:
          'The photos of this request have at least 245000000 pixels together; a request may have at most 200000000 (send fewer or smaller photos at a time)',
        code: 'pixel_budget',
        // Refused at the fifth photo, as it arrived: 5 × 49 MP.
        details: { budget: 200_000_000, pixels: 245_000_000 },
      },
    ])
    expect(decodes()).toBe(before)
    expect(await inspectionCountOf(fx.ownEnterprise)).toBe(saved)
  })

  it('decodes each stored photo once, through the pool', async () => {
    const hazard = await newHazard()
    const before = photoPool.stats()
    const response = await upload(
      hazard.id,
      form([
        ['photos', await png(), 'a.png', 'image/png'],
        ['photos', await png(32, 32), 'b.png', 'image/png'],
      ]),
    )
    expect(response.status).toBe(201)
    const after = photoPool.stats()
    expect([after.started - before.started, after.finished - before.finished, photoPool.queued()]).toEqual([2, 2, 0])
  })
})

const inspectionCountOf = async (enterprise: number) =>
  (
    await db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM inspections WHERE enterprise_id = ${enterprise}::int`,
    )
  )[0]!.n

describe('planned inspections in the worklist', () => {
  it('lists the grid planned inspection until it is completed with its version', async () => {
    const [planned] = await db.rows<{ id: number }>(sql`
      INSERT INTO inspections (enterprise_id, kind, status, inspected_on, inspectors)
      VALUES (${fx.ownEnterprise}::int, 'double_random', 'planned', '2026-10-15', ARRAY['张伟', '刘洋'])
      RETURNING id`)
    madeInspections.push(planned!.id)
    type Worklist = { planned: Record<string, unknown>[] }
    const worklist = async () =>
      (await (await request(`/api/grids/${fx.gridCode}/worklist`, {}, fx.gridUser)).json()) as Worklist
    const name = (
      await db.rows<{ name: string; risk_level: string }>(
        sql`SELECT name, risk_level FROM enterprises WHERE id = ${fx.ownEnterprise}::int`,
      )
    )[0]!
    expect((await worklist()).planned.find((p) => p.id === planned!.id)).toEqual({
      id: planned!.id,
      enterprise_id: fx.ownEnterprise,
      enterprise_name: name.name,
      risk_level: name.risk_level,
      kind: 'double_random',
      planned_on: '2026-10-15',
      campaign_id: null,
      campaign_name: null,
      inspectors: ['张伟', '刘洋'],
      version: 1,
      overdue: false,
      actions: ['record_inspection'],
    })
    const done = await request(
      '/api/inspections',
      json('POST', {
        enterprise_id: fx.ownEnterprise,
        kind: 'double_random',
        inspected_on: '2026-10-15',
        inspectors: ['张伟', '刘洋'],
        planned_inspection_id: planned!.id,
        version: 1,
      }),
      fx.gridUser,
    )
    expect(done.status).toBe(200)
    expect((await worklist()).planned.map((p) => p.id)).not.toContain(planned!.id)
  })
})
