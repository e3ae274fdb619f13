import { BlockList, isIP } from 'node:net'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

/** Which peers may speak for the client in X-Forwarded-For: the TRUSTED_PROXIES CIDRs, parsed once. */
export type TrustedProxies = BlockList

/** `10.0.0.0/8`, `fd00::/8` or a bare address (a /32 or /128); throws on anything else. */
export function parseTrustedProxies(cidrs: readonly string[]): TrustedProxies {
  const list = new BlockList()
  for (const entry of cidrs) {
    const [address = '', prefix, extra] = entry.trim().split('/')
    const family = isIP(address)
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix)
    if (family === 0 || extra !== undefined || !/^\d{1,3}$/.test(String(bits)) || bits > (family === 6 ? 128 : 32)) {
      throw new Error(`not a CIDR: ${entry}`)
    }
    list.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4')
  }
  return list
}

/** `::ffff:192.0.2.1` (an IPv4 peer on a dual-stack socket) is 192.0.2.1; other text is kept as sent. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  return mapped ? mapped[1]! : address.toLowerCase()
}

const isTrusted = (proxies: TrustedProxies, address: string) => {
  const family = isIP(address)
  return family !== 0 && proxies.check(address, family === 6 ? 'ipv6' : 'ipv4')
}

/** The socket peer; requests made without a socket (app.request() in tests) have none. */
function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address
  } catch {
    return undefined
  }
}

/**
 * The client's address, for the log-in limit and the audit. The socket peer, unless that peer is a
 * trusted proxy: then X-Forwarded-For is read from the right (each proxy appends the address it
 * heard from), skipping trusted hops, and the first untrusted one is the client. Anything left of
 * it was written by the client and is ignored, as is the whole header from an untrusted peer.
 */
export function clientAddress(c: Context, proxies: TrustedProxies): string {
  const peer = peerAddress(c)
  if (!peer) return 'unknown'
  let client = normalizeAddress(peer)
  if (!isTrusted(proxies, client)) return client
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => normalizeAddress(hop.trim()))
    .filter((hop) => hop !== '')
  while (hops.length > 0) {
    const hop = hops.pop()!
    if (isIP(hop) === 0) break
    client = hop
    if (!isTrusted(proxies, hop)) break
  }
  return client
}

/** IPv6 clients get a /64 each, so the log-in limit counts that prefix, not the address inside it. */
export function limitKeyOfAddress(address: string): string {
  if (isIP(address) !== 6) return address
  const [head = '', tail = ''] = address.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}
