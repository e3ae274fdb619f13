import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerClientErrors } from '../../../server/http/client-error.ts'

// Issue 9: Node's own 400 and 431 (before Hono sees the request) had an empty body and no code.
let server: ServerType
let port: number

beforeAll(async () => {
  const app = new Hono().get('/', (c) => c.text('ok'))
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started))
  })
  answerClientErrors(server)
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** Sends raw bytes and reads until the server closes the connection. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => (answer += chunk))
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
    socket.write(bytes)
  })
}

const parts = (answer: string) => {
  const [head, body] = answer.split('\r\n\r\n')
  return { statusLine: head!.split('\r\n')[0], head: head!, body: JSON.parse(body!) as unknown }
}

describe('requests Node refuses before the app', () => {
  it('a malformed request line answers 400 JSON with code bad_request and closes', async () => {
    const answer = parts(await raw('GARBAGE\r\n\r\n'))
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request')
    expect(answer.head).toContain('Content-Type: application/json; charset=UTF-8')
    expect(answer.head).toContain('Connection: close')
    expect(answer.body).toEqual({ error: 'Bad request', code: 'bad_request' })
  })

  it('a 20 KB header answers 431 JSON with code headers_too_large', async () => {
    const answer = parts(await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`))
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large')
    expect(answer.body).toEqual({ error: 'Request headers too large', code: 'headers_too_large' })
  })

  it('an ordinary request still reaches the app', async () => {
    const answer = await raw('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 200 OK')
    expect(answer.endsWith('\r\n\r\nok')).toBe(true)
  })
})
