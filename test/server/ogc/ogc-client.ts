import { expect } from 'vitest'
import type { Request } from '../../support/test-app.ts'

export type Feature = {
  id: number | string
  type: 'Feature'
  geometry: { type: string; coordinates: unknown }
  properties: Record<string, unknown>
  links?: { href: string; rel: string; type: string }[]
}
export type Link = { href: string; rel: string; type: string }
export type FeatureCollection = {
  type: 'FeatureCollection'
  features: Feature[]
  numberMatched: number
  numberReturned: number
  timeStamp: string
  links: Link[]
}

/** GET as JSON; paths or the absolute hrefs of the API's own links. */
export async function getJson<T>(
  request: Request,
  path: string,
): Promise<{ status: number; type: string | null; body: T }> {
  const response = await request(path)
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as T }
}

/** An items page that must succeed. */
export async function getItems(request: Request, path: string): Promise<FeatureCollection> {
  const { status, type, body } = await getJson<FeatureCollection>(request, path)
  expect(status, JSON.stringify(body)).toBe(200)
  expect(type).toBe('application/geo+json')
  return body
}

export const linkOf = (links: Link[], rel: string) => links.find((link) => link.rel === rel)

/** Follows next links from `path` to the end; returns every page. */
export async function walk(request: Request, path: string): Promise<FeatureCollection[]> {
  const pages: FeatureCollection[] = []
  let next: string | undefined = path
  while (next) {
    const page = await getItems(request, next)
    pages.push(page)
    next = linkOf(page.links, 'next')?.href
    expect(pages.length).toBeLessThan(1000)
  }
  return pages
}

/** Every [lon, lat] pair in a GeoJSON coordinates array. */
export function positions(coordinates: unknown): [number, number][] {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') return [coordinates as [number, number]]
  return (coordinates as unknown[]).flatMap(positions)
}
