import {
  dustTypes,
  enterpriseStatuses,
  locationSources,
  riskLevels,
  sectors,
  standardizationLevels,
} from '../../../db/vocabulary.ts'
import type { Field, FormValues } from './fields.ts'

const dust = (form: FormValues) => form.dust === true
const demo = (form: FormValues) => form.confined_space_demo === true
const culture = (form: FormValues) => form.culture_demo_level !== ''

/** The 一企一档 record (DOMAIN §4) in the form's sections; every column the writes accept. */
export const enterpriseSections: { id: string; fields: Field[] }[] = [
  {
    id: 'basic',
    fields: [
      { key: 'name', kind: 'text', required: true },
      { key: 'uscc', kind: 'uscc', required: true },
      { key: 'legal_rep', kind: 'text' },
      { key: 'safety_manager', kind: 'text' },
      { key: 'safety_phone', kind: 'text' },
      { key: 'address', kind: 'text' },
      { key: 'employees', kind: 'integer', required: true, min: 0 },
      { key: 'above_size', kind: 'boolean' },
      {
        key: 'location_source',
        kind: 'enum',
        required: true,
        values: locationSources,
        labels: 'registers.locationSource',
      },
    ],
  },
  {
    id: 'risk',
    fields: [
      { key: 'sector', kind: 'enum', required: true, values: sectors, labels: 'sector' },
      { key: 'risk_level', kind: 'enum', required: true, values: riskLevels, labels: 'risk' },
      { key: 'status', kind: 'enum', required: true, values: enterpriseStatuses, labels: 'enterpriseStatus' },
      {
        key: 'standardization_level',
        kind: 'enum',
        required: true,
        values: standardizationLevels,
        labels: 'standardization',
      },
      { key: 'standardization_on', kind: 'date' },
      { key: 'standardization_expiry', kind: 'date' },
    ],
  },
  {
    id: 'special',
    fields: [
      { key: 'dust', kind: 'boolean' },
      { key: 'dust_type', kind: 'enum', values: dustTypes, labels: 'dustType', when: dust },
      { key: 'dust_workers_per_shift', kind: 'integer', min: 0, when: dust },
      { key: 'dust_verified', kind: 'boolean', when: dust },
      { key: 'dust_verified_on', kind: 'date', when: dust },
      { key: 'ammonia_tonnes', kind: 'number', min: 0 },
      { key: 'hazchem_key_process', kind: 'boolean' },
      { key: 'hazchem_key_chemical', kind: 'boolean' },
      { key: 'major_hazard_level', kind: 'enum', values: [1, 2, 3, 4], labels: 'registers.majorHazardLevel' },
      { key: 'dcs', kind: 'boolean' },
      { key: 'fireworks_wholesale', kind: 'boolean' },
    ],
  },
  {
    id: 'demo',
    fields: [
      { key: 'confined_space_demo', kind: 'boolean' },
      { key: 'confined_space_demo_on', kind: 'date', when: demo },
      { key: 'culture_demo_level', kind: 'enum', values: ['province', 'city'], labels: 'registers.cultureDemo' },
      { key: 'culture_demo_on', kind: 'date', when: culture },
    ],
  },
]

export const enterpriseFields: Field[] = enterpriseSections.flatMap((section) => section.fields)

/** A new enterprise's form before anything is typed: the schema's defaults. */
export const newEnterpriseDefaults: Record<string, unknown> = {
  employees: 0,
  status: 'active',
  standardization_level: 'none',
  location_source: 'survey',
}
