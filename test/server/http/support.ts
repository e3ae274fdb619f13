import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { App } from '../../../server/app.ts'

const encoder = new TextEncoder()

/**
 * A request body made while it is read, one chunk per pull, so a test sees how much of a huge
 * body the server actually read before it answered.
 */
export function lazyBody(chunks: Iterable<Uint8Array>) {
  const source = chunks[Symbol.iterator]()
  let pulled = 0
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = source.next()
        if (next.done) return controller.close()
        pulled++
        controller.enqueue(next.value)
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, pulled: () => pulled }
}

/** RequestInit for a streamed body (Node's Request needs `duplex` for one). */
export const streamed = (body: ReadableStream<Uint8Array>, headers: Record<string, string>): RequestInit =>
  ({ method: 'POST', body, headers, duplex: 'half' }) as RequestInit

export const boundary = 'h1-test-boundary'
export const multipartType = `multipart/form-data; boundary=${boundary}`

/** `count` multipart parts made by `part(i)` (headers, blank line, content), then the closing boundary. */
export function* multipartParts(count: number, part: (i: number) => string | Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < count; i++) {
    const made = part(i)
    if (typeof made === 'string') yield encoder.encode(`--${boundary}\r\n${made}\r\n`)
    else yield Buffer.concat([encoder.encode(`--${boundary}\r\n`), made, encoder.encode('\r\n')])
  }
  yield encoder.encode(`--${boundary}--\r\n`)
}

/** A real 1×1 PNG: it passes the header check, so only the multipart limits can refuse it. */
const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)
export const onePixelFile = (name: string) =>
  Buffer.concat([
    encoder.encode(
      `Content-Disposition: form-data; name="${name}"; filename="dot.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    onePixelPng,
  ])

export const emptyFile = (name: string) =>
  `Content-Disposition: form-data; name="${name}"; filename="empty.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`
export const textField = (name: string, value: string) =>
  `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`

/** Bytes of `size` in chunks of `chunk` (the last one shorter), made as they are asked for. */
export function* filler(size: number, chunk = 64 * 1024, byte = 0x20): Generator<Uint8Array> {
  const block = new Uint8Array(chunk).fill(byte)
  for (let sent = 0; sent < size; sent += chunk) yield size - sent >= chunk ? block : block.subarray(0, size - sent)
}

/** The app on a loopback port, as `npm start` serves it (a real HTTP server, not app.request). */
export async function listen(app: App) {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

export type RawAnswer = { status: number; headers: IncomingHttpHeaders; body: string; sentBytes: number }

/**
 * POSTs `chunks` over a real socket, as fast as the server reads them, and stops sending as soon
 * as the answer arrives: `sentBytes` says how much of the body went out before the server answered.
 */
export function postRaw(port: number, path: string, headers: OutgoingHttpHeaders, chunks: Iterable<Uint8Array>) {
  return new Promise<RawAnswer>((resolve, reject) => {
    let sentBytes = 0
    let answered = false
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      answered = true
      const parts: Buffer[] = []
      res.on('data', (part: Buffer) => parts.push(part))
      res.on('end', () => {
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).toString(), sentBytes })
        req.destroy()
      })
    })
    // Once the server has answered it may close the socket under a body still being sent.
    req.on('error', (error) => (answered ? undefined : reject(error)))
    const source = chunks[Symbol.iterator]()
    const send = () => {
      while (!answered) {
        const next = source.next()
        if (next.done) return req.end()
        sentBytes += next.value.byteLength
        if (!req.write(next.value)) return req.once('drain', send)
      }
    }
    send()
  })
}

/** GET /healthz over its own socket; resolves with the status. */
export async function healthz(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`)
  await response.arrayBuffer()
  return response.status
}
