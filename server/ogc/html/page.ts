import { assetPath } from '../assets.ts'
import type { Link } from '../links.ts'
import { html, jsonBlock, type Markup } from './markup.ts'

export const siteTitle = '射阳县安全生产网格化监管'

/**
 * A link of the JSON documents as a root-relative path: the page works on whatever origin the
 * browser reached (a TLS proxy in front, PUBLIC_ORIGIN or not), and the browser's session cookie,
 * which belongs to that origin, goes with every click.
 */
export function localHref(href: string): string {
  if (!/^https?:\/\//.test(href)) return href
  const url = new URL(href)
  return `${url.pathname}${url.search}`
}

/** `path` with `f=html`, so a link from a page opens a page whatever the client's Accept. */
export const htmlHref = (path: string) => `${path}${path.includes('?') ? '&' : '?'}f=html`

const relTitles: Record<string, string> = {
  self: '本页',
  alternate: '其他格式',
  next: '下一页',
  prev: '上一页',
  collection: '所属图层',
  items: '要素',
  data: '图层列表',
  conformance: '符合性声明',
  'service-desc': 'OpenAPI 定义',
  queryables: '可查询属性',
  'http://www.opengis.net/def/rel/ogc/1.0/queryables': '可查询属性',
}

/** The document's links: Chinese by relation, with the relation and media type for GIS users. */
export function linksSection(links: readonly Link[]): Markup {
  return html`<section>
    <h2>链接</h2>
    <ul class="links">
      ${links.map(
        (link) =>
          html`<li>
            <a href="${localHref(link.href)}" rel="${link.rel}" type="${link.type}"
              >${relTitles[link.rel] ?? link.rel}</a
            >
            <span class="meta">${link.rel} · ${link.type}</span>
          </li>`,
      )}
    </ul>
  </section>`
}

export type Crumb = { label: string; href?: string }

/** A map of `features` (CRS84 GeoJSON, each with properties.href) fitted to `bounds`. */
export type MapData = { features: unknown; bounds: [number, number, number, number]; maxZoom: number }

/** Where the map goes in a page's body (the page with `map` loads what draws it). */
export const mapElement = (label: string) => html`<div id="map" class="map" role="img" aria-label="${label}"></div>`

/**
 * The page around `body`: zh-CN, the OGC page style sheet and, with `map`, MapLibre's style
 * sheet, the map's data block and the one script. `alternate` is the same resource as JSON.
 */
export function page(options: {
  title: string
  crumbs: Crumb[]
  body: Markup
  alternate: Link
  map?: MapData
}): string {
  const { title, crumbs, body, alternate, map } = options
  return `<!doctype html>\n${
    html`<html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title === siteTitle ? '' : `${title} · `}${siteTitle} OGC API</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="${assetPath('ogc.css')}" />
        ${map ? html`<link rel="stylesheet" href="${assetPath('maplibre-gl.css')}" />` : ''}
        <link rel="alternate" type="${alternate.type}" href="${localHref(alternate.href)}" />
      </head>
      <body>
        <header>
          <span class="site">${siteTitle} · OGC API</span>
          <nav>
            ${crumbs.map(
              (crumb, index) =>
                html`${index > 0 ? html`<span class="sep">›</span>` : ''}${
                  crumb.href ? html`<a href="${crumb.href}">${crumb.label}</a>` : html`<span>${crumb.label}</span>`
                }`,
            )}
          </nav>
        </header>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
        ${
          map
            ? html`${jsonBlock('map-data', map)}
                <script type="module" src="${assetPath('ogc-map.js')}"></script>`
            : ''
        }
      </body>
    </html> `.text
  }`
}

const valueTexts = { true: '是', false: '否' }

/** A property value as a table cell: 是/否, lists joined, empty as a dash; long texts cut unless `full`. */
export function cell(value: unknown, full = false): Markup {
  if (value === null || value === undefined || value === '') return html`<td class="empty">—</td>`
  if (typeof value === 'boolean') return html`<td>${valueTexts[`${value}`]}</td>`
  const text = Array.isArray(value)
    ? value.join('、')
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value as string | number)
  return !full && text.length > 40 ? html`<td title="${text}">${text.slice(0, 40)}…</td>` : html`<td>${text}</td>`
}
