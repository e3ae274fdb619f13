import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../../server/app.ts'
import { multipartLimits } from '../../../server/http/body-limits.ts'
import { logIn, testApp, type Request } from '../../support/test-app.ts'
import { accessFixture } from '../auth/fixtures.ts'
import { hazardMaker } from '../hazards/support.ts'
import {
  boundary,
  emptyFile,
  onePixelFile,
  healthz,
  lazyBody,
  listen,
  multipartParts,
  multipartType,
  postRaw,
  streamed,
  textField,
} from './support.ts'

let app: App
let request: Request
let fx: Awaited<ReturnType<typeof accessFixture>>
let maker: ReturnType<typeof hazardMaker>
let hazardId: number
let server: Awaited<ReturnType<typeof listen>>

beforeAll(async () => {
  const test = await testApp()
  ;({ app, request } = test)
  fx = await accessFixture(test.db)
  maker = hazardMaker(request, test.db)
  const { hazards } = await maker.inspect(
    fx.ownEnterprise,
    [{ level: 'general', description: '消防通道堵塞' }],
    fx.gridUser,
  )
  hazardId = hazards[0]!.id
  server = await listen(app)
})
afterAll(async () => {
  await server.close()
  await maker.cleanUp()
})

const inspection = () =>
  JSON.stringify({
    enterprise_id: fx.ownEnterprise,
    kind: 'routine',
    inspected_on: '2026-10-14',
    inspectors: ['王强'],
    hazards: Array.from({ length: 7 }, (_, i) => ({ level: 'general', description: `隐患 ${i}` })),
  })

/** Sends `count` parts made by `part(i)` to `path` in-process, one part per read; answers and parts read. */
async function sendParts(path: string, count: number, part: (i: number) => string | Uint8Array) {
  const body = lazyBody(multipartParts(count, part))
  const response = await request(path, streamed(body.stream, { 'content-type': multipartType }), fx.gridUser)
  return { status: response.status, body: (await response.json()) as unknown, partsRead: body.pulled() }
}

const tooManyPhotos = (name: string) => ({
  error: `${name}: more than 9 files; at most 9 photos are kept per hazard and stage`,
  code: 'too_many_files',
  details: { limit: 9, name },
})

const notAnImage = {
  error: 'photos.0 (empty.jpg) is not a JPEG, PNG or WebP image',
  code: 'not_an_image',
  details: { accepted: ['jpeg', 'png', 'webp'] },
}

describe('multipart bodies are read as they stream and refused at the first part over a limit', () => {
  it('post /api/hazards/{id}/photos answers 415 to 20,000 empty file parts named photos at the first', async () => {
    const { status, body, partsRead } = await sendParts(`/api/hazards/${hazardId}/photos`, 20_000, () =>
      emptyFile('photos'),
    )
    expect([status, body]).toEqual([415, notAnImage])
    // Each file's header is checked as soon as it has arrived.
    expect(partsRead).toBeLessThan(10)
  })

  it('post /api/hazards/{id}/photos answers 413 to 20,000 one-pixel photos after reading ten', async () => {
    const answer = sendParts(`/api/hazards/${hazardId}/photos`, 20_000, () => onePixelFile('photos'))
    // The server is not busy meanwhile: another request is answered (issue 9: /healthz took 11 s).
    expect((await request('/healthz', {}, 'anonymous')).status).toBe(200)
    const { status, body, partsRead } = await answer
    expect([status, body]).toEqual([413, tooManyPhotos('photos')])
    // Ten parts and whatever was in flight, never the 20,000.
    expect(partsRead).toBeGreaterThanOrEqual(10)
    expect(partsRead).toBeLessThan(20)
  })

  it('post /api/hazards/{id}/photos answers 415 to 100,000 empty file parts over a real socket, /healthz meanwhile', async () => {
    const cookie = await logIn(app, fx.gridUser)
    const answer = postRaw(
      server.port,
      `/api/hazards/${hazardId}/photos`,
      { 'content-type': multipartType, cookie, 'transfer-encoding': 'chunked' },
      multipartParts(100_000, () => emptyFile('photos')),
    )
    expect(await healthz(server.port)).toBe(200)
    const { status, body, sentBytes } = await answer
    expect([status, JSON.parse(body)]).toEqual([415, notAnImage])
    // The answer came before the client had sent the whole body (11 MB; what was sent is mostly
    // what the sockets' buffers hold).
    let whole = 0
    for (const part of multipartParts(100_000, () => emptyFile('photos'))) whole += part.byteLength
    expect(sentBytes).toBeLessThan(whole)
  })

  it('answers 413 too_many_parts to 20,000 text parts: 200 are read, not more', async () => {
    const { status, body, partsRead } = await sendParts(`/api/hazards/${hazardId}/photos`, 20_000, () =>
      textField('stage', 'found'),
    )
    expect([status, body]).toEqual([
      413,
      { error: 'More than 200 parts in one request', code: 'too_many_parts', details: { limit: 200 } },
    ])
    expect(partsRead).toBeGreaterThan(multipartLimits.parts)
    expect(partsRead).toBeLessThan(multipartLimits.parts + 10)
  })

  it('counts parts without a name or disposition too', async () => {
    const { status, body } = await sendParts(`/api/hazards/${hazardId}/photos`, 20_000, () => 'X-Nothing: 1\r\n\r\n')
    expect([status, (body as { code: string }).code]).toEqual([413, 'too_many_parts'])
  })

  it('post /api/inspections answers 413 to a 61st file, each name within its nine', async () => {
    const { status, body, partsRead } = await sendParts('/api/inspections', 64, (i) =>
      i === 0 ? textField('inspection', inspection()) : onePixelFile(`hazards.${(i - 1) % 7}.photos`),
    )
    expect([status, body]).toEqual([
      413,
      { error: 'More than 60 files in one request', code: 'too_many_files', details: { limit: 60 } },
    ])
    expect(partsRead).toBeLessThan(64)
  })

  it('answers 413 to a text part over 256 KB', async () => {
    const { status, body } = await sendParts('/api/inspections', 1, () =>
      textField('inspection', ' '.repeat(256 * 1024 + 1)),
    )
    expect([status, body]).toEqual([
      413,
      {
        error: 'The part inspection is larger than 262144 bytes (256 KB)',
        code: 'payload_too_large',
        details: { limit: 262144, name: 'inspection' },
      },
    ])
  })

  it('answers 400 bad_multipart to a body cut off, a missing boundary and a broken part header', async () => {
    const send = async (contentType: string, text: string) => {
      const response = await request(
        `/api/hazards/${hazardId}/photos`,
        { method: 'POST', headers: { 'content-type': contentType }, body: text },
        fx.gridUser,
      )
      return [response.status, ((await response.json()) as { code: string }).code]
    }
    expect(
      await Promise.all([
        send(multipartType, `--${boundary}\r\n${emptyFile('photos')}`),
        send('multipart/form-data', `--${boundary}--\r\n`),
        send(multipartType, `--${boundary}\r\n${'X'.repeat(20_000)}\r\n\r\n\r\n--${boundary}--\r\n`),
      ]),
    ).toEqual([
      [400, 'bad_multipart'],
      [400, 'bad_multipart'],
      [400, 'bad_multipart'],
    ])
  })
})
