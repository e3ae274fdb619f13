import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

/**
 * DESIGN §6 Content-Security-Policy, the one copy: the tests compare the header with
 * `contentSecurityPolicy`, built from these directives.
 *
 * - scripts only from this origin: Vite emits no inline script, Vue's runtime build needs no eval;
 * - MapLibre 6 starts its worker from `setWorkerUrl` (web/map/use-map.ts), a same-origin asset it
 *   passes straight to `new Worker(url, { type: 'module' })`, so `worker-src 'self'` (no blob:);
 * - style sheets only from this origin: Vite extracts every <style> into CSS files, and no
 *   <style> element may be added. Style *attributes* are allowed (`style-src-attr`): ECharts
 *   writes its tooltips as HTML with style attributes (innerHTML), which `style-src 'self'` alone
 *   refuses — an attribute cannot load anything or select elements, so this opens no channel
 *   for scripts or data; MapLibre and Vue style through the CSSOM, which CSP does not govern;
 * - images: MapLibre decodes icons through blob: URLs, the favicon is a data: URL;
 * - no plugins, no <base>, no framing, forms post only here.
 */
export const cspDirectives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  workerSrc: ["'self'"],
  styleSrc: ["'self'"],
  styleSrcAttr: ["'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
} as const satisfies Record<string, readonly string[]>

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)

/** The header's value, e.g. `default-src 'self'; script-src 'self'; …`. */
export const contentSecurityPolicy = Object.entries(cspDirectives)
  .map(([name, values]) => `${kebab(name)} ${values.join(' ')}`)
  .join('; ')

/**
 * Camera and geolocation for this origin only (officers photograph hazards through a file input
 * with `capture`, and may locate themselves on the map); fullscreen for the wall display; every
 * other powerful feature off.
 */
export const permissionsPolicy = {
  camera: ['self'],
  geolocation: ['self'],
  fullscreen: ['self'],
  microphone: [],
  displayCapture: [],
  payment: [],
  usb: [],
  serial: [],
  hid: [],
  midi: [],
  bluetooth: [],
  accelerometer: [],
  gyroscope: [],
  magnetometer: [],
} satisfies Record<string, string[]>

/**
 * Security headers on every answer, API and web app alike. Referrer-Policy no-referrer: a URL
 * never travels to anyone in a Referer. No Strict-Transport-Security: the server speaks plain HTTP
 * on the county network; the TLS proxy in front of it sets HSTS where there is one.
 */
export const securityHeaders: MiddlewareHandler = secureHeaders({
  contentSecurityPolicy: Object.fromEntries(Object.entries(cspDirectives).map(([name, values]) => [name, [...values]])),
  crossOriginOpenerPolicy: 'same-origin',
  crossOriginResourcePolicy: 'same-origin',
  referrerPolicy: 'no-referrer',
  strictTransportSecurity: false,
  xContentTypeOptions: 'nosniff',
  xFrameOptions: 'DENY',
  permissionsPolicy,
})
