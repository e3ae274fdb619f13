import type { Collection } from '../collections.ts'
import { crs84Uri } from '../crs.ts'
import { titleOf, typeOf } from '../queryables.ts'
import type { Link } from '../links.ts'
import { cell, htmlHref, linksSection, mapElement, page, type Crumb, type MapData } from './page.ts'
import { html } from './markup.ts'

/**
 * The OGC API's HTML pages (f=html, or a browser's Accept): the same document as the JSON answer,
 * read by a person — Chinese headings, properties under their queryables' titles, the links, and
 * a small map of the features. Every value passes through `html`, which escapes it.
 */

export type Feature = {
  id: string | number
  type: 'Feature'
  geometry: { type: string; coordinates: unknown } | null
  properties: Record<string, unknown>
}

export type CollectionDocument = {
  id: string
  title: string
  description: string
  links: Link[]
  extent?: { spatial: { bbox: (number | null)[][] } }
}

const home: Crumb = { label: 'OGC API', href: htmlHref('/ogc') }
const collectionsCrumb: Crumb = { label: '图层', href: htmlHref('/ogc/collections') }
const collectionPath = (id: string) => `/ogc/collections/${encodeURIComponent(id)}`
const itemPath = (collectionId: string, featureId: string | number) =>
  `${collectionPath(collectionId)}/items/${encodeURIComponent(String(featureId))}`

const geometryTitles: Record<string, string> = { Point: '点', MultiPolygon: '多面' }
const typeTitles: Record<string, string> = {
  string: '文本',
  integer: '整数',
  number: '数值',
  boolean: '是/否',
  date: '日期',
}

const bboxText = (bbox: (number | null)[] | undefined) =>
  bbox ? bbox.map((value) => (value === null ? '—' : value.toFixed(6))).join(', ') : '—'

export function landingPage(document: { title: string; links: Link[] }, alternate: Link): string {
  return page({
    title: document.title,
    crumbs: [{ label: 'OGC API' }],
    alternate,
    body: html`<p class="lead">
        射阳县安全生产网格化监管的地图图层，按 OGC API – Features（第 1、2、3 部分）提供：GeoJSON，CGCS2000
        等坐标参照系，CQL2 属性过滤。QGIS、ArcGIS Pro 和 GDAL 用用户名加 API 令牌（HTTP Basic）连接本地址。
      </p>
      <ul class="links">
        <li><a href="${htmlHref('/ogc/collections')}">图层列表</a></li>
        <li><a href="${htmlHref('/ogc/conformance')}">符合性声明</a></li>
        <li><a href="/ogc/api">OpenAPI 定义（JSON）</a></li>
      </ul>
      ${linksSection(document.links)}`,
  })
}

export function conformancePage(conformsTo: readonly string[], alternate: Link): string {
  return page({
    title: '符合性声明',
    crumbs: [home, { label: '符合性声明' }],
    alternate,
    body: html`<p class="lead">本服务实现的 OGC 标准符合性类：</p>
      <ul class="links">
        ${conformsTo.map((uri) => html`<li class="mono">${uri}</li>`)}
      </ul>`,
  })
}

export function collectionsPage(documents: readonly CollectionDocument[], links: Link[], alternate: Link): string {
  return page({
    title: '图层',
    crumbs: [home, { label: '图层' }],
    alternate,
    body: html`<div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>图层</th>
              <th>标识</th>
              <th>说明</th>
              <th>范围（CRS84：西, 南, 东, 北）</th>
              <th>要素</th>
            </tr>
          </thead>
          <tbody>
            ${documents.map(
              (document) =>
                html`<tr>
                  <td><a href="${htmlHref(collectionPath(document.id))}">${document.title}</a></td>
                  <td class="mono">${document.id}</td>
                  <td>${document.description}</td>
                  <td class="mono">${bboxText(document.extent?.spatial.bbox[0])}</td>
                  <td><a href="${htmlHref(`${collectionPath(document.id)}/items`)}">浏览要素</a></td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${linksSection(links)}`,
  })
}

export function collectionPage(
  collection: Collection,
  document: CollectionDocument & { crs: readonly string[] },
  alternate: Link,
): string {
  return page({
    title: collection.title,
    crumbs: [home, collectionsCrumb, { label: collection.title }],
    alternate,
    body: html`<p class="lead">${collection.description}</p>
      <p><a href="${htmlHref(`${collectionPath(collection.id)}/items`)}">浏览要素（表格与地图）</a></p>
      <table class="facts">
        <tbody>
          <tr>
            <th>标识</th>
            <td class="mono">${collection.id}</td>
          </tr>
          <tr>
            <th>几何类型</th>
            <td>${geometryTitles[collection.geometryType]} (${collection.geometryType})</td>
          </tr>
          <tr>
            <th>范围（CRS84）</th>
            <td class="mono">${bboxText(document.extent?.spatial.bbox[0])}</td>
          </tr>
          <tr>
            <th>存储坐标参照系</th>
            <td class="mono">${crs84Uri}</td>
          </tr>
          <tr>
            <th>可用坐标参照系（crs）</th>
            <td class="mono">${document.crs.map((uri) => html`${uri}<br />`)}</td>
          </tr>
          <tr>
            <th>时间属性（datetime）</th>
            <td>${temporalText(collection)}</td>
          </tr>
        </tbody>
      </table>
      <h2>属性</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>名称</th>
              <th>属性</th>
              <th>类型</th>
              <th>?属性= 过滤</th>
            </tr>
          </thead>
          <tbody>
            ${collection.properties.map((property) => {
              const type = typeOf(collection, property)
              return html`<tr>
                <td>${titleOf(property.name)}</td>
                <td class="mono">${property.name}</td>
                <td>${type ? typeTitles[type] : '列表'}</td>
                <td>${property.filter ? '是' : '—'}</td>
              </tr>`
            })}
          </tbody>
        </table>
      </div>
      ${linksSection(document.links)}`,
  })
}

function temporalText(collection: Collection) {
  const temporal = collection.temporal
  if (!temporal) return '—'
  return temporal.end
    ? `${titleOf(temporal.start)} 至 ${titleOf(temporal.end)}（${temporal.start} / ${temporal.end}）`
    : `${titleOf(temporal.start)}（${temporal.start}）`
}

/** The map's data: the features' geometries with their pages, fitted to their bounds. */
function mapData(collectionId: string, features: readonly Feature[], maxZoom = 15): MapData | undefined {
  let bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  const extend = (value: unknown): void => {
    if (!Array.isArray(value)) return
    if (typeof value[0] === 'number' && typeof value[1] === 'number') {
      bounds = [
        Math.min(bounds[0], value[0]),
        Math.min(bounds[1], value[1]),
        Math.max(bounds[2], value[0]),
        Math.max(bounds[3], value[1]),
      ]
    } else value.forEach(extend)
  }
  const mapped = features.flatMap((feature) => {
    if (!feature.geometry) return []
    extend(feature.geometry.coordinates)
    const href = htmlHref(itemPath(collectionId, feature.id))
    return [{ type: 'Feature', id: feature.id, geometry: feature.geometry, properties: { href } }]
  })
  if (mapped.length === 0) return undefined
  return { features: { type: 'FeatureCollection', features: mapped }, bounds, maxZoom }
}

export type ItemsView = {
  matched: number
  offset: number
  features: Feature[]
  links: Link[]
  /** Prev and next pages (HTML), when there are. */
  prev?: string
  next?: string
}

export function itemsPage(collection: Collection, view: ItemsView, alternate: Link): string {
  const { matched, offset, features } = view
  const range = features.length > 0 ? `第 ${offset + 1}–${offset + features.length} 个` : '本页没有要素'
  const pager = html`<div class="pager">
    ${view.prev ? html`<a href="${view.prev}" rel="prev">‹ 上一页</a>` : ''}
    <span>共 ${matched} 个要素，${range}</span>
    ${view.next ? html`<a href="${view.next}" rel="next">下一页 ›</a>` : ''}
  </div>`
  const map = mapData(collection.id, features)
  return page({
    title: `${collection.title} · 要素`,
    crumbs: [
      home,
      collectionsCrumb,
      { label: collection.title, href: htmlHref(collectionPath(collection.id)) },
      { label: '要素' },
    ],
    alternate,
    map,
    body: html`${map ? mapElement(`${collection.title}的地图`) : ''} ${pager}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>编号<small>id</small></th>
              ${collection.properties.map((property) => html`<th>${titleOf(property.name)}<small>${property.name}</small></th>`)}
            </tr>
          </thead>
          <tbody>
            ${features.map(
              (feature) =>
                html`<tr>
                  <td><a href="${htmlHref(itemPath(collection.id, feature.id))}">${feature.id}</a></td>
                  ${collection.properties.map((property) => cell(feature.properties[property.name]))}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${features.length > 0 ? pager : ''} ${linksSection(view.links)}`,
  })
}

export function itemPage(collection: Collection, feature: Feature, links: Link[], alternate: Link): string {
  const name = feature.properties.name ?? feature.properties.enterprise_name
  const title = typeof name === 'string' && name !== '' ? name : `${collection.title} ${feature.id}`
  const point = feature.geometry?.type === 'Point' ? (feature.geometry.coordinates as number[]) : undefined
  const map = mapData(collection.id, [feature], 11)
  return page({
    title,
    crumbs: [
      home,
      collectionsCrumb,
      { label: collection.title, href: htmlHref(collectionPath(collection.id)) },
      { label: '要素', href: htmlHref(`${collectionPath(collection.id)}/items`) },
      { label: String(feature.id) },
    ],
    alternate,
    map,
    body: html`<div class="item">
        <table class="facts">
          <tbody>
            <tr>
              <th>编号<small>id</small></th>
              <td class="mono">${feature.id}</td>
            </tr>
            ${collection.properties.map(
              (property) =>
                html`<tr>
                  <th>${titleOf(property.name)}<small>${property.name}</small></th>
                  ${cell(feature.properties[property.name], true)}
                </tr>`,
            )}
            ${
              point
                ? html`<tr>
                    <th>经度, 纬度<small>CRS84</small></th>
                    <td class="mono">${point.join(', ')}</td>
                  </tr>`
                : ''
            }
          </tbody>
        </table>
        ${map ? mapElement(`${title}的位置`) : ''}
      </div>
      ${linksSection(links)}`,
  })
}

/**
 * The 401 a browser gets on /ogc without a session: where to log in, and what GIS clients send
 * instead. Answered in place of the Basic challenge, whose password dialog would only invite the
 * account password, which Basic never takes.
 */
export function logInPage(expired: boolean): string {
  return page({
    title: expired ? '登录已过期' : '请先登录',
    crumbs: [{ label: 'OGC API' }],
    alternate: { href: '/ogc?f=json', rel: 'alternate', type: 'application/json' },
    body: html`<p class="lead">
        OGC API 的数据按账号的管辖范围提供。请在本系统<a href="/login">登录</a>后重新打开本页。
      </p>
      <p>
        QGIS、ArcGIS Pro、GDAL 等 GIS 客户端使用 HTTP Basic：用户名填账号名，密码填管理员发放的 API
        令牌（不是账号密码）。
      </p>`,
  })
}
