import { randomSecret } from './secrets.ts'

/** How long a ticket may wait for its GET /api/events. */
export const ticketTtlMs = 60_000
/** Outstanding tickets kept at most; beyond it the oldest go first (a flood cannot grow memory). */
const maxTickets = 10_000

/**
 * What a ticket stands for: the credential that asked for it, by its hash — a session (sessions.id)
 * or an API token (api_tokens.token_hash). Redeeming looks the credential up again, so a ticket
 * dies with a log-out or a revoked token and can never be more than its principal.
 */
export type TicketCredential = { kind: 'session' | 'token'; hash: string }

export type EventTickets = {
  /** A new one-time ticket for `credential`, valid `ticketTtlMs`. */
  issue(credential: TicketCredential): { ticket: string; expiresInMs: number }
  /** The credential behind `ticket`, once: a second call, an unknown or expired ticket give undefined. */
  redeem(ticket: string): TicketCredential | undefined
  readonly size: number
}

/**
 * One-time tickets for the live stream (GET /api/events?ticket=…), kept in this process's memory.
 * EventSource cannot send an Authorization header, and a token in a URL lands in access logs; a
 * ticket in a URL is worth nothing a minute later or once used.
 */
export function createEventTickets(now: () => number = Date.now): EventTickets {
  const tickets = new Map<string, TicketCredential & { expiresAt: number }>()

  function purge() {
    const time = now()
    for (const [ticket, entry] of tickets) if (entry.expiresAt <= time) tickets.delete(ticket)
    while (tickets.size >= maxTickets) tickets.delete(tickets.keys().next().value!)
  }

  return {
    issue(credential) {
      purge()
      const ticket = randomSecret()
      tickets.set(ticket, { ...credential, expiresAt: now() + ticketTtlMs })
      return { ticket, expiresInMs: ticketTtlMs }
    },
    redeem(ticket) {
      const entry = tickets.get(ticket)
      if (!entry) return undefined
      tickets.delete(ticket)
      if (entry.expiresAt <= now()) return undefined
      return { kind: entry.kind, hash: entry.hash }
    },
    get size() {
      return tickets.size
    },
  }
}
