import { sql, type SQL } from 'drizzle-orm'
import { outletStatuses, riskLevels, sensitiveSiteKinds } from '../../db/vocabulary.ts'
import { dustVerificationMissing } from '../rules/dust-verification.ts'
import { ammoniaRefrigeration, keyHazchemUnit, majorHazardSource } from '../rules/major-hazard-source.ts'
import {
  lastOutletVisitSql,
  outletDueInDaysSql,
  outletVisitFrequencySql,
  outletVisitStateSql,
  type OutletVisitRules,
} from '../rules/outlet-visit-due.ts'
import { hazardOverdue } from '../rules/overdue.ts'
import type { StatsRules } from '../rules/stats-settings.ts'

/** A field's type as TileJSON's vector_layers name it (what MVT values decode to). */
export type FieldType = 'String' | 'Number' | 'Boolean'

/** One property of a tile feature: SQL over the layer's `from` (main row `t`). */
export type TileField = { name: string; type: FieldType; expr: SQL }

/** What the fields' rules read: the request's day and, for the layers that need them, the settings in force. */
export type TileRules = { today: string; stats?: StatsRules; outletVisits?: OutletVisitRules }

/**
 * A count a cluster carries besides `point_count`: the points whose field `field` equals `equals`,
 * or is true when `equals` is absent. Counted over the same field expressions the single features
 * carry, so a rule (overdue, alert) is evaluated once, by its module.
 */
export type ClusterCount = { name: string; field: string; equals?: string }

/**
 * One tile layer as plain data, like the OGC collections (server/ogc/collections.ts) but with
 * only what the map styles colour, filter and click by. Table and expression text comes only from
 * here and reaches SQL through sql.raw, never from a request.
 */
export type TileLayer = {
  /** The collection id (DESIGN §4): the path segment and the MVT layer name. */
  id: string
  title: string
  description: string
  geometry: 'point' | 'polygon'
  /** FROM clause; the main row is `t` and exposes town_code and grid_code for the scope. */
  from: string
  /** Rows of the table that belong to the layer at all. */
  where?: string
  /** An integer id, written as the MVT feature id; absent for layers keyed by a code (a field). */
  key?: string
  /** As in the OGC collections: 'town' also shows a town to a grid officer holding one of its grids. */
  scopedBy: 'row' | 'town'
  /** The settings the fields' rules read (server/rules/), read per request. */
  reads: readonly ('stats' | 'outlet-visits')[]
  fields: (rules: TileRules) => TileField[]
  /** Point layers: at zoom ≤ maxZoom the points of a cell become one cluster feature. */
  cluster?: { maxZoom: number; counts: ClusterCount[] }
}

const field = (name: string, type: FieldType, expr: string | SQL = `t.${name}`): TileField => ({
  name,
  type,
  expr: typeof expr === 'string' ? sql.raw(expr) : expr,
})
const text = (name: string, expr?: string) => field(name, 'String', expr)

const place = [text('town_code'), text('grid_code')]
const riskCounts: ClusterCount[] = riskLevels.map((level) => ({ name: level, field: 'risk_level', equals: level }))
/** MapLibre's own cluster cut-over for the enterprises (web/map/layers/enterprises.ts clusterMaxZoom). */
const clusterMaxZoom = 12

export const tileLayers: readonly TileLayer[] = [
  {
    id: 'towns',
    title: '镇（区）',
    description: 'Towns and special units of Sheyang County; the feature is keyed by `code`.',
    geometry: 'polygon',
    from: "(SELECT r.*, r.code AS town_code, NULL::text AS grid_code FROM regions r WHERE r.kind <> 'county') t",
    scopedBy: 'town',
    reads: [],
    fields: () => [text('code'), text('name'), text('kind'), text('town_code')],
  },
  {
    id: 'grids',
    title: '监管网格',
    description: 'Supervision grids; the feature is keyed by `code` (join per-grid statistics by it).',
    geometry: 'polygon',
    from: '(SELECT g.*, g.code AS grid_code FROM grids g) t',
    scopedBy: 'row',
    reads: [],
    fields: () => [text('code'), text('name'), text('kind'), text('town_code')],
  },
  {
    id: 'zones',
    title: '禁放区与工业园区',
    description: 'No-fireworks zones and industrial parks.',
    geometry: 'polygon',
    from: 'zones t',
    key: 't.id',
    scopedBy: 'row',
    reads: [],
    fields: () => [text('name'), text('kind'), ...place],
  },
  {
    id: 'enterprises',
    title: '企业',
    description:
      'Enterprises by risk level and sector, with open hazards and the 涉氨制冷 / 两重点一重大 flags; clustered at low zoom.',
    geometry: 'point',
    from: 'enterprises t',
    key: 't.id',
    scopedBy: 'row',
    reads: ['stats'],
    fields: ({ stats }) => [
      text('name'),
      text('sector'),
      text('risk_level'),
      text('status'),
      ...place,
      field(
        'open_hazards',
        'Number',
        "(SELECT count(*)::int FROM hazards h WHERE h.enterprise_id = t.id AND h.status <> 'closed')",
      ),
      field('dust', 'Boolean'),
      field('ammonia', 'Boolean', ammoniaRefrigeration('t')),
      field('key_hazchem', 'Boolean', keyHazchemUnit('t', stats!.ammoniaMajorHazardTonnes)),
      field('major_source', 'Boolean', majorHazardSource('t', stats!.ammoniaMajorHazardTonnes)),
    ],
    cluster: { maxZoom: clusterMaxZoom, counts: riskCounts },
  },
  {
    id: 'dust',
    title: '粉尘涉爆企业',
    description: 'Dust-explosion enterprises by dust type; `alert` when verification is required and missing.',
    geometry: 'point',
    from: 'enterprises t',
    where: 't.dust',
    key: 't.id',
    scopedBy: 'row',
    reads: ['stats'],
    fields: ({ stats }) => [
      text('name'),
      text('sector'),
      text('risk_level'),
      text('status'),
      text('dust_type'),
      ...place,
      field('alert', 'Boolean', dustVerificationMissing('t', stats!.dustShiftThreshold)),
    ],
    cluster: { maxZoom: clusterMaxZoom, counts: [...riskCounts, { name: 'alert_count', field: 'alert' }] },
  },
  {
    id: 'confined-spaces',
    title: '有限空间',
    description: 'Confined spaces, one feature per space, with their enterprise.',
    geometry: 'point',
    from: 'confined_spaces t JOIN enterprises e ON e.id = t.enterprise_id',
    key: 't.id',
    scopedBy: 'row',
    reads: [],
    fields: () => [
      text('name'),
      text('space_type'),
      field('enterprise_id', 'Number'),
      text('enterprise_name', 'e.name'),
      text('sector', 'e.sector'),
      text('risk_level', 'e.risk_level'),
      ...place,
    ],
    cluster: { maxZoom: clusterMaxZoom, counts: riskCounts },
  },
  {
    id: 'hazards',
    title: '隐患',
    description: 'Hazards with their level, closed-loop status and whether they are overdue.',
    geometry: 'point',
    from: 'hazards t JOIN enterprises e ON e.id = t.enterprise_id',
    key: 't.id',
    scopedBy: 'row',
    reads: [],
    fields: ({ today }) => [
      field('enterprise_id', 'Number'),
      text('enterprise_name', 'e.name'),
      text('level'),
      text('status'),
      field('overdue', 'Boolean', hazardOverdue('t', sql`${today}::date`)),
      text('sector', 'e.sector'),
      text('risk_level', 'e.risk_level'),
      ...place,
    ],
    cluster: {
      maxZoom: clusterMaxZoom,
      counts: [
        { name: 'major_count', field: 'level', equals: 'major' },
        { name: 'overdue_count', field: 'overdue' },
      ],
    },
  },
  {
    id: 'fireworks-outlets',
    title: '烟花爆竹零售点',
    description: 'Fireworks retail outlets by kind and status, with their wholesaler and visit state.',
    geometry: 'point',
    from: 'fireworks_outlets t',
    key: 't.id',
    scopedBy: 'row',
    reads: ['outlet-visits'],
    fields: ({ today, outletVisits }) => {
      const frequency = outletVisitFrequencySql('t', today, outletVisits!)
      const dueInDays = outletDueInDaysSql(frequency, lastOutletVisitSql('t', today), today)
      return [
        text('name'),
        text('kind'),
        text('status'),
        field('supplier_enterprise_id', 'Number'),
        field('visit_state', 'String', outletVisitStateSql(frequency, dueInDays)),
        ...place,
      ]
    },
    cluster: {
      maxZoom: clusterMaxZoom,
      counts: [
        ...outletStatuses.map((status) => ({ name: status, field: 'status', equals: status })),
        { name: 'visit_overdue_count', field: 'visit_state', equals: 'overdue' },
      ],
    },
  },
  {
    id: 'sensitive-sites',
    title: '敏感场所',
    description: 'Schools, hospitals, markets, gas stations… the fireworks siting rules measure against.',
    geometry: 'point',
    from: 'sensitive_sites t',
    key: 't.id',
    scopedBy: 'row',
    reads: [],
    fields: () => [text('name'), text('kind'), ...place],
    cluster: {
      maxZoom: clusterMaxZoom,
      counts: sensitiveSiteKinds.map((kind) => ({ name: kind, field: 'kind', equals: kind })),
    },
  },
]

export const tileLayerIds = tileLayers.map((layer) => layer.id)

export const findTileLayer = (id: string) => tileLayers.find((layer) => layer.id === id)

/** The fields a cluster feature carries (MapLibre's own cluster names, and the layer's counts). */
export function clusterFields(layer: TileLayer): { name: string; type: FieldType }[] {
  if (!layer.cluster) return []
  return [
    { name: 'cluster', type: 'Boolean' },
    { name: 'point_count', type: 'Number' },
    { name: 'point_count_abbreviated', type: 'String' },
    ...layer.cluster.counts.map((count) => ({ name: count.name, type: 'Number' as const })),
  ]
}
