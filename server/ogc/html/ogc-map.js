// The one script of the OGC API's HTML pages (server/ogc/html/): a small MapLibre map of the
// page's features. MapLibre and its worker come from /ogc-assets/ beside this file (this origin
// only, as the CSP allows); the features from the page's JSON data block #map-data, written by
// the server in CRS84 with each feature's page as `href`. Clicking a feature opens its page. The
// towns' boundaries, read from this API as the page's own caller, are drawn under them as context.
import * as maplibregl from './maplibre-gl.mjs'

const container = document.getElementById('map')
const dataBlock = document.getElementById('map-data')
if (container && dataBlock) {
  const { bounds, features, maxZoom } = JSON.parse(dataBlock.textContent)
  maplibregl.setWorkerUrl(new URL('./maplibre-gl-worker.mjs', import.meta.url).href)
  const line = '#2f6fad'
  // MapLibre 6 names Multi* geometries as such.
  const polygons = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false]
  const points = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false]
  const map = new maplibregl.Map({
    container,
    style: {
      version: 8,
      sources: {
        features: { type: 'geojson', data: features },
        towns: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#e4ecf3' } },
        { id: 'towns', type: 'fill', source: 'towns', paint: { 'fill-color': '#fbfcfd' } },
        { id: 'town-lines', type: 'line', source: 'towns', paint: { 'line-color': '#b7c4d1', 'line-width': 1 } },
        {
          id: 'fill',
          type: 'fill',
          source: 'features',
          filter: polygons,
          paint: { 'fill-color': line, 'fill-opacity': 0.12 },
        },
        {
          id: 'outline',
          type: 'line',
          source: 'features',
          filter: polygons,
          paint: { 'line-color': line, 'line-width': 1.5 },
        },
        {
          id: 'points',
          type: 'circle',
          source: 'features',
          filter: points,
          paint: {
            'circle-color': '#d9480f',
            'circle-radius': 5,
            'circle-stroke-color': '#fff',
            'circle-stroke-width': 1.5,
          },
        },
      ],
    },
    bounds,
    fitBoundsOptions: { padding: 40, maxZoom },
    maxZoom: 18,
    attributionControl: false,
  })
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }))
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }))
  map.once('load', async () => {
    const answer = await fetch('/ogc/collections/towns/items?f=json&limit=100', { credentials: 'same-origin' })
    if (answer.ok) map.getSource('towns').setData(await answer.json())
  })
  for (const layer of ['fill', 'points']) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'))
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''))
    map.on('click', layer, (event) => {
      const href = event.features?.[0]?.properties?.href
      if (typeof href === 'string' && href.startsWith('/ogc/')) window.location.assign(href)
    })
  }
}
