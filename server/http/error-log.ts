/**
 * What the server log says of an unexpected error: its class, SQLSTATE and message, the query text
 * and where it was thrown, but never a statement's parameters. Drizzle puts them into the message
 * ("Failed query: …\nparams: …") and into `params`; postgres.js and PGlite keep them on the error
 * too. They hold what users typed and what the server hashed: a new user's argon2 hash, a token's
 * SHA-256.
 */

type Described = { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; stack?: unknown }

/** The errors of a cause chain, outermost first (Drizzle wraps the driver's error as `cause`). */
function chain(error: unknown): Described[] {
  const errors: Described[] = []
  let current = error
  while (typeof current === 'object' && current !== null && errors.length < 5 && !errors.includes(current)) {
    errors.push(current as Described)
    current = (current as Described).cause
  }
  return errors
}

const isSqlState = (code: unknown): code is string => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)

/** The SQLSTATE of a database error anywhere in the cause chain, e.g. '22021'. */
export function sqlStateOf(error: unknown): string | undefined {
  return chain(error)
    .map((e) => e.code)
    .find(isSqlState)
}

/**
 * SQLSTATE class 22, data exception: a value the database could not take (a NUL in text, an int
 * out of range, the year 0…). The request caused it, so it is a 400 — and a schema missed it.
 */
export const isDataException = (error: unknown) => sqlStateOf(error)?.startsWith('22') ?? false

/**
 * The database is down or restarting, not the request at fault: SQLSTATE class 08 (connection
 * exception), 57P01–57P03 (shut down, crashed, starting up), 53300 (too many connections), or the
 * driver's and the socket's own codes for a connection that failed or was lost.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const codes = chain(error).map((e) => e.code)
  return codes.some(
    (code) =>
      typeof code === 'string' &&
      (/^08[0-9A-Z]{3}$/.test(code) ||
        ['57P01', '57P02', '57P03', '53300'].includes(code) ||
        /^(CONNECTION_(CLOSED|ENDED|DESTROYED)|CONNECT_TIMEOUT|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH)$/.test(
          code,
        )),
  )
}

/** Argon2 hashes, SHA-256 hex and 32-byte base64url secrets, wherever they turn up. */
const secretLike = /\$argon2[a-z]*\$[\w$=,+/.-]*|\b[0-9a-f]{64}\b|(?<![\w-])[\w-]{43}(?![\w-])/gi

export const redactSecrets = (text: string) => text.replace(secretLike, '[redacted]')

/** A message without Drizzle's "params: …" tail. */
const withoutParams = (message: string) => message.split(/\n\s*params:/)[0]!.trim()

/** The error as log text: class [SQLSTATE] message per cause, then the outermost stack frames. */
export function describeError(error: unknown): string {
  const errors = chain(error)
  if (errors.length === 0) return redactSecrets(`Thrown value: ${typeof error}`)
  const lines = errors.map((e, i) => {
    // Drizzle's DrizzleQueryError keeps the name "Error": its class says more.
    const className = (e as object).constructor?.name
    const name = e.name === 'Error' && className && className !== 'Object' ? className : String(e.name ?? 'Error')
    const state = isSqlState(e.code) ? ` [SQLSTATE ${e.code}]` : ''
    const message = typeof e.message === 'string' ? withoutParams(e.message) : ''
    return `${i === 0 ? '' : 'caused by '}${name}${state}: ${message}`
  })
  const stack = typeof errors[0]!.stack === 'string' ? errors[0]!.stack : ''
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line))
  return redactSecrets([...lines, ...frames].join('\n'))
}

/** The default of createApp's logError: the sanitised text on stderr. */
export const logErrorSafely = (error: unknown) => console.error(`[sheyang] ${describeError(error)}`)
