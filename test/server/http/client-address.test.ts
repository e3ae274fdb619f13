import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import {
  clientAddress,
  limitKeyOfAddress,
  normalizeAddress,
  parseTrustedProxies,
} from '../../../server/http/client-address.ts'

/** What clientAddress answers for a request from socket peer `peer` with these headers. */
async function addressOf(trusted: string[], peer: string | undefined, forwardedFor?: string): Promise<string> {
  const proxies = parseTrustedProxies(trusted)
  const app = new Hono().get('/', (c) => c.text(clientAddress(c, proxies)))
  const headers = forwardedFor === undefined ? undefined : { 'x-forwarded-for': forwardedFor }
  const env = peer === undefined ? undefined : { incoming: { socket: { remoteAddress: peer } } }
  return (await app.request('/', { headers }, env)).text()
}

describe('clientAddress', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    expect(await addressOf([], '203.0.113.9', '198.51.100.1')).toBe('203.0.113.9')
    expect(await addressOf(['10.0.0.0/8'], '203.0.113.9', '10.1.1.1, 198.51.100.1')).toBe('203.0.113.9')
  })

  it('walks X-Forwarded-For from the right past trusted hops behind a trusted proxy', async () => {
    const trusted = ['10.0.0.0/8', '192.168.5.4']
    expect(await addressOf(trusted, '10.0.0.2', '198.51.100.7')).toBe('198.51.100.7')
    // The client wrote the left-most entry itself; the first untrusted hop from the right counts.
    expect(await addressOf(trusted, '10.0.0.2', '1.2.3.4, 198.51.100.7, 192.168.5.4')).toBe('198.51.100.7')
    // A trusted proxy that forwarded nothing is itself the client.
    expect(await addressOf(trusted, '10.0.0.2')).toBe('10.0.0.2')
    // Every hop trusted: the left-most is as far as the chain goes.
    expect(await addressOf(trusted, '10.0.0.2', '10.9.9.9, 192.168.5.4')).toBe('10.9.9.9')
    // Garbage stops the walk at the last address a trusted proxy vouched for.
    expect(await addressOf(trusted, '10.0.0.2', '198.51.100.7, not-an-ip')).toBe('10.0.0.2')
  })

  it('handles IPv6 peers and proxies, and IPv4 peers on a dual-stack socket', async () => {
    expect(await addressOf(['fd00::/8'], 'fd12::1', '2001:db8::5')).toBe('2001:db8::5')
    expect(await addressOf(['fd00::/8'], '2001:db8::6', '198.51.100.1')).toBe('2001:db8::6')
    expect(await addressOf(['10.0.0.0/8'], '::ffff:10.0.0.3', '::ffff:198.51.100.8')).toBe('198.51.100.8')
    expect(await addressOf([], '::FFFF:203.0.113.4')).toBe('203.0.113.4')
  })

  it('is "unknown" without a socket (app.request in tests)', async () => {
    expect(await addressOf(['10.0.0.0/8'], undefined, '198.51.100.1')).toBe('unknown')
  })
})

describe('parseTrustedProxies', () => {
  it.each(['10.0.0.0/33', 'fd00::/129', 'example.com', '10.0.0.0/8/1', '10.0.0/8', '10.0.0.0/x'])(
    'refuses %s',
    (cidr) => {
      expect(() => parseTrustedProxies([cidr])).toThrow(`not a CIDR: ${cidr}`)
    },
  )
})

describe('address keys', () => {
  it('keeps IPv4, lower-cases IPv6 and unwraps mapped IPv4', () => {
    expect(normalizeAddress('::ffff:192.0.2.1')).toBe('192.0.2.1')
    expect(normalizeAddress('2001:DB8::1')).toBe('2001:db8::1')
  })

  it('counts an IPv6 client by its /64', () => {
    expect(limitKeyOfAddress('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64')
    expect(limitKeyOfAddress('2001:db8::9')).toBe('2001:db8:0:0::/64')
    expect(limitKeyOfAddress('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64')
    expect(limitKeyOfAddress('198.51.100.1')).toBe('198.51.100.1')
  })
})
