import type { Duplex } from 'node:stream'
import { errorBody, type ErrorCode } from '../api-error.ts'

type ClientErrorSource = {
  on(event: 'clientError', listener: (error: Error & { code?: string }, socket: Duplex) => void): unknown
}

type Refusal = { status: string; error: string; code: ErrorCode }

/**
 * What Node's HTTP parser refuses before Hono sees the request (a malformed request line, headers
 * over Node's 16 KB, a request that took too long to arrive), as the API's own JSON error instead
 * of Node's empty 400/431.
 */
function refusalFor(code: string | undefined): Refusal {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: '431 Request Header Fields Too Large',
      error: 'Request headers too large',
      code: 'headers_too_large',
    }
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: '408 Request Timeout', error: 'The request took too long to arrive', code: 'request_timeout' }
  }
  return { status: '400 Bad Request', error: 'Bad request', code: 'bad_request' }
}

/** Node's 'clientError' listener: answers once in JSON and closes the connection. */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // The client went away, or an answer is already on its way: nothing sensible can be written.
  const inFlight = (socket as { _httpMessage?: { _headerSent?: boolean } })._httpMessage
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?._headerSent) {
    socket.destroy()
    return
  }
  const refusal = refusalFor(error.code)
  const body = JSON.stringify(errorBody(refusal.error, refusal.code))
  socket.end(
    `HTTP/1.1 ${refusal.status}\r\nContent-Type: application/json; charset=UTF-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  )
}

/** Makes `server` answer its clientErrors with answerClientError (server/main.ts and the test servers). */
export function answerClientErrors(server: ClientErrorSource) {
  server.on('clientError', answerClientError)
}
