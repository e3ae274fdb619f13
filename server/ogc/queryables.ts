import { getTableColumns, type Column } from 'drizzle-orm'
import type { Collection, Property, ValueType } from './collections.ts'

/** Chinese titles of the properties, as the web app labels them; the queryables carry them. */
const titles: Record<string, string> = {
  code: '代码',
  name: '名称',
  kind: '类型',
  town_code: '镇（区）代码',
  town_name: '镇（区）',
  grid_code: '网格代码',
  households: '户数',
  population: '人口',
  synthetic_geometry: '示意边界',
  officer_name: '网格员',
  officer_phone: '网格员电话',
  uscc: '统一社会信用代码',
  sector: '行业类别',
  risk_level: '风险等级',
  status: '状态',
  address: '地址',
  legal_rep: '法定代表人',
  safety_manager: '安全负责人',
  safety_phone: '安全负责人电话',
  employees: '从业人数',
  above_size: '规模以上',
  standardization_level: '安全生产标准化等级',
  standardization_expiry: '标准化有效期至',
  dust: '粉尘涉爆',
  dust_type: '粉尘种类',
  dust_workers_per_shift: '单班作业人数',
  dust_verified: '第三方核查',
  dust_verified_on: '核查日期',
  ammonia_tonnes: '涉氨量（吨）',
  hazchem_key_process: '重点监管危险化工工艺',
  hazchem_key_chemical: '重点监管危险化学品',
  major_hazard_level: '重大危险源等级',
  major_hazard_source: '重大危险源',
  key_hazchem_unit: '两重点一重大',
  dcs: 'DCS 自动控制',
  fireworks_wholesale: '烟花爆竹批发',
  location_source: '坐标来源',
  confined_space_count: '有限空间数',
  open_hazards: '未销号隐患数',
  space_type: '有限空间类型',
  warning_sign: '警示标识',
  permit_required: '作业审批',
  outsourced: '外包作业',
  enterprise_id: '企业编号',
  enterprise_name: '企业名称',
  licence_no: '许可证号',
  operator: '经营者',
  phone: '联系电话',
  floor_area_m2: '面积（平方米）',
  storage_limit_kg: '限存量（千克）',
  dedicated_shop: '专店',
  shares_residence: '与居住场所相连',
  licence_valid_from: '许可证有效期起',
  licence_valid_to: '许可证有效期至',
  supplier_enterprise_id: '供货企业编号',
  supplier_name: '供货企业',
  note: '备注',
  level: '隐患等级',
  category: '隐患类别',
  description: '隐患描述',
  found_on: '发现日期',
  deadline: '整改期限',
  closed_on: '销号日期',
  overdue: '逾期',
  escalation_level: '升级层级',
  listed_by_level: '挂牌督办层级',
  listed_on: '挂牌日期',
  listing_deadline: '督办期限',
}

export const titleOf = (name: string) => titles[name] ?? name

const byColumnType: Record<string, ValueType> = {
  PgText: 'string',
  PgVarchar: 'string',
  PgEnumColumn: 'string',
  PgInteger: 'integer',
  PgSmallInt: 'integer',
  PgSerial: 'integer',
  PgNumeric: 'number',
  PgNumericNumber: 'number',
  PgReal: 'number',
  PgDoublePrecision: 'number',
  PgBoolean: 'boolean',
  PgDate: 'date',
  PgDateString: 'date',
}

/** A property's type: its own, or its column's in the collection's table; undefined for arrays. */
export function typeOf(collection: Collection, property: Property): ValueType | undefined {
  if (property.type) return property.type
  const name = typeof property.expr === 'string' ? /^t\.(\w+)$/.exec(property.expr)?.[1] : undefined
  const column = (Object.values(getTableColumns(collection.table)) as Column[]).find((c) => c.name === name)
  return column ? byColumnType[column.columnType] : undefined
}

export type Queryable = { property: Property; type: ValueType }

/** What a filter may name: every property with a scalar type (arrays such as gases are left out). */
export function queryablesOf(collection: Collection): Map<string, Queryable> {
  return new Map(
    collection.properties.flatMap((property) => {
      const type = typeOf(collection, property)
      return type ? [[property.name, { property, type }] as const] : []
    }),
  )
}

/** The spatial queryable's name in filters: S_INTERSECTS(geometry, …). */
export const geometryName = 'geometry'

const jsonSchemaType = (type: ValueType) => (type === 'date' ? { type: 'string', format: 'date' } : { type })

/**
 * /collections/{id}/queryables: a JSON Schema (2020-12) of the filterable properties with their
 * Chinese titles and, for enumerations, the allowed values. `queryables` repeats the names in the
 * draft form GDAL 3.6 (Debian 12) reads to decide which attributes it may push to the server;
 * JSON Schema ignores the unknown keyword. GDAL 3.6 also ignores the document unless it comes as
 * application/json, so application/schema+json is sent only to a client whose Accept names it.
 */
export function queryablesDocument(collection: Collection, selfUrl: string) {
  const queryables = [...queryablesOf(collection).values()]
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: selfUrl,
    type: 'object',
    title: collection.title,
    description: `${collection.title}的可查询属性（CQL2 filter）`,
    properties: {
      [geometryName]: {
        title: '几何',
        format: collection.geometryType === 'Point' ? 'geometry-point' : 'geometry-multipolygon',
        'x-ogc-role': 'primary-geometry',
      },
      ...Object.fromEntries(
        queryables.map(({ property, type }) => [
          property.name,
          {
            title: titleOf(property.name),
            ...jsonSchemaType(type),
            ...(property.filter?.kind === 'enum' ? { enum: property.filter.values } : {}),
          },
        ]),
      ),
    },
    additionalProperties: false,
    queryables: queryables.map(({ property, type }) => ({
      id: property.name,
      type,
      title: titleOf(property.name),
    })),
  }
}
