import {
  accidentLevels,
  confinedSpaceTypes,
  drillKinds,
  drillLevels,
  sensitiveSiteKinds,
  zoneKinds,
} from '../../../db/vocabulary.ts'
import type { RegisterName } from '../../api/registers.ts'
import type { Field, FormValues } from './fields.ts'

/** The tabs of the 数据维护 screen, in order; `outlets` links to the planner's editor. */
export const registerTabs = [
  'enterprises',
  'confined-spaces',
  'outlets',
  'sensitive-sites',
  'zones',
  'grids',
  'accidents',
  'drills',
] as const
export type RegisterTab = (typeof registerTabs)[number]

export const isRegisterTab = (value: unknown): value is RegisterTab =>
  typeof value === 'string' && (registerTabs as readonly string[]).includes(value)

export const gridKinds = ['village', 'community', 'park'] as const

/** What a register's record is drawn as, and how it is placed: a point, an outline, or nothing. */
export type Shape = 'point' | 'polygon' | 'none'

export type RegisterDef = {
  name: RegisterName
  shape: Shape
  /** The record's key in PATCH /{key}: `code` for grids, else `id`. */
  key: 'id' | 'code'
  fields: Field[]
  /** The table's columns: a field key (an enum shows its label) or `town_code`. */
  columns: string[]
  /** Only a new record sets these (a grid's code). */
  createOnly?: string[]
  /** Removable (DELETE): sensitive sites and zones; the other registers keep their history. */
  deletable?: boolean
  /** A point register whose record may go without a position (it takes its enterprise's). */
  locationOptional?: (form: FormValues) => boolean
}

const hasEnterprise = (form: FormValues) => typeof form.enterprise_id === 'string' && form.enterprise_id.trim() !== ''

export const registerDefs: Record<RegisterName, RegisterDef> = {
  'sensitive-sites': {
    name: 'sensitive-sites',
    shape: 'point',
    key: 'id',
    fields: [
      { key: 'name', kind: 'text', required: true },
      { key: 'kind', kind: 'enum', required: true, values: sensitiveSiteKinds, labels: 'siteKind' },
      { key: 'address', kind: 'text' },
    ],
    columns: ['name', 'kind', 'address', 'town_code'],
    deletable: true,
  },
  zones: {
    name: 'zones',
    shape: 'polygon',
    key: 'id',
    fields: [
      { key: 'name', kind: 'text', required: true },
      { key: 'kind', kind: 'enum', required: true, values: zoneKinds, labels: 'registers.zoneKind' },
      { key: 'note', kind: 'long-text' },
    ],
    columns: ['name', 'kind', 'town_code'],
    deletable: true,
  },
  grids: {
    name: 'grids',
    shape: 'polygon',
    key: 'code',
    fields: [
      { key: 'code', kind: 'text', required: true },
      { key: 'name', kind: 'text', required: true },
      { key: 'town_code', kind: 'text', required: true },
      { key: 'kind', kind: 'enum', required: true, values: gridKinds, labels: 'registers.gridKind' },
      { key: 'officer_name', kind: 'text' },
      { key: 'officer_phone', kind: 'text' },
    ],
    columns: ['code', 'name', 'kind', 'officer_name', 'town_code'],
    createOnly: ['code', 'town_code'],
  },
  'confined-spaces': {
    name: 'confined-spaces',
    shape: 'point',
    key: 'id',
    fields: [
      { key: 'enterprise_id', kind: 'integer', required: true },
      { key: 'name', kind: 'text', required: true },
      { key: 'space_type', kind: 'enum', required: true, values: confinedSpaceTypes, labels: 'spaceType' },
      { key: 'gases', kind: 'list' },
      { key: 'warning_sign', kind: 'boolean' },
      { key: 'permit_required', kind: 'boolean' },
      { key: 'outsourced', kind: 'boolean' },
    ],
    columns: ['name', 'space_type', 'enterprise_id', 'town_code'],
    locationOptional: hasEnterprise,
  },
  accidents: {
    name: 'accidents',
    shape: 'point',
    key: 'id',
    fields: [
      { key: 'occurred_on', kind: 'date', required: true },
      { key: 'level', kind: 'enum', required: true, values: accidentLevels, labels: 'registers.accidentLevel' },
      { key: 'enterprise_id', kind: 'integer' },
      { key: 'deaths', kind: 'integer', required: true, min: 0 },
      { key: 'serious_injuries', kind: 'integer', required: true, min: 0 },
      { key: 'direct_loss_wan_yuan', kind: 'number', required: true, min: 0 },
      { key: 'description', kind: 'long-text', required: true },
    ],
    columns: ['occurred_on', 'level', 'deaths', 'description', 'town_code'],
    locationOptional: hasEnterprise,
  },
  drills: {
    name: 'drills',
    shape: 'none',
    key: 'id',
    fields: [
      { key: 'name', kind: 'text', required: true },
      { key: 'held_on', kind: 'date', required: true },
      { key: 'level', kind: 'enum', required: true, values: drillLevels, labels: 'registers.drillLevel' },
      { key: 'kind', kind: 'enum', required: true, values: drillKinds, labels: 'registers.drillKind' },
      { key: 'town_code', kind: 'text' },
      { key: 'enterprise_id', kind: 'integer' },
      { key: 'participants', kind: 'integer', min: 0 },
    ],
    columns: ['held_on', 'name', 'level', 'kind', 'town_code'],
  },
}

/** A new record's defaults (a confined space of the enterprise being edited). */
export function newRecordDefaults(register: RegisterName, preset: Record<string, unknown> = {}) {
  const base: Record<string, unknown> =
    register === 'confined-spaces'
      ? { permit_required: true, gases: [] }
      : register === 'accidents'
        ? { deaths: 0, serious_injuries: 0, direct_loss_wan_yuan: 0 }
        : {}
  return { ...base, ...preset }
}
