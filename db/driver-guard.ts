/**
 * postgres.js 3.4.9 schedules small writes with setImmediate; when PostgreSQL closes the
 * connection before that callback runs (a restart, a killed backend), `nextWrite` calls
 * `socket.write` on the socket it has just set to null and throws a TypeError from the timer —
 * outside any query, so it would end the process (porsager/postgres#1066, #1154, #1208, still open).
 * By then the driver has already rejected the connection's queries with CONNECTION_CLOSED, so for
 * pooled connections (all this app uses) the write is moot: this recognises exactly that throw.
 */
export function isDriverNullSocketWrite(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false
  if (!/Cannot read properties of null \(reading 'write'\)/.test(error.message)) return false
  const top = (error.stack ?? '').split('\n').find((line) => /^\s+at /.test(line)) ?? ''
  return /\bnextWrite\b/.test(top) && /[\\/]postgres[\\/]src[\\/]connection\.js:/.test(top)
}
