import {
  accidentLevels,
  confinedSpaceTypes,
  drillKinds,
  drillLevels,
  dustTypes,
  enterpriseStatuses,
  outletKinds,
  outletStatuses,
  riskLevels,
  sectors,
  sensitiveSiteKinds,
  standardizationLevels,
  zoneKinds,
} from '../../db/vocabulary.ts'
import { zhCN } from '../../web/i18n/zh-CN.ts'

/**
 * What each importable layer takes (issue 12): its fields with their Chinese labels, header aliases
 * (Chinese first) and kinds, the table and columns they are written to, its geometry, and how a row
 * finds the record it updates.
 *
 * | layer           | table             | geometry | matched by                                              |
 * |-----------------|-------------------|----------|---------------------------------------------------------|
 * | towns           | regions (town)    | polygon  | 9-digit code                                            |
 * | grids           | grids             | polygon  | code                                                    |
 * | enterprises     | enterprises       | point    | USCC                                                    |
 * | confined_spaces | confined_spaces   | point    | enterprise (USCC or name) + space name                  |
 * | outlets         | fireworks_outlets | point    | licence number                                          |
 * | sensitive_sites | sensitive_sites   | point    | name + the town the point lies in                       |
 * | zones           | zones             | polygon  | name + the town the zone lies in                        |
 * | accidents       | accidents         | point    | date + enterprise (without one: date + description)     |
 * | drills          | drills            | none     | date + name                                             |
 *
 * A record's `town_code`/`grid_code` on the point and polygon tables is set by the spatial-join
 * trigger, so a 所属镇 column there is checked (unknown town: error) but not written; drills have no
 * geometry and keep the town they name.
 */
export const layerNames = [
  'towns',
  'grids',
  'enterprises',
  'confined_spaces',
  'outlets',
  'sensitive_sites',
  'zones',
  'accidents',
  'drills',
] as const
export type LayerName = (typeof layerNames)[number]

export type FieldKind =
  'text' | 'integer' | 'number' | 'boolean' | 'date' | 'enum' | 'uscc' | 'lon' | 'lat' | 'town' | 'grid' | 'enterprise'

export type EnumValue = { value: string; label: string; aliases?: readonly string[] }

export interface FieldDef {
  field: string
  label: string
  required: boolean
  kind: FieldKind
  values?: readonly EnumValue[]
  /** Headers recognised for it, Chinese first (compared after normalising, mapping.ts). */
  aliases: readonly string[]
  /** The table column written; null: checked only (lon/lat go into the geometry, towns of point layers). */
  column: string | null
  /** A text column holding a list (confined spaces' gases): split on 、,，;； and spaces. */
  list?: boolean
  /** An integer's least and greatest value. */
  range?: readonly [number, number]
}

export interface LayerDef {
  layer: LayerName
  label: string
  table: string
  /** The table's key column (id or code), which `matched_key` holds. */
  key: 'id' | 'code'
  geometry: 'point' | 'polygon' | 'none'
  matchBy: 'uscc' | 'licence_no' | 'code' | 'name' | null
  /** How a row finds its record, as the UI says it. */
  matchNote: string
  /** The column that must be unique within one file (a duplicate is an error on the later row). */
  uniqueColumn: string | null
  /** The column whose value names a row in the preview. */
  labelColumn: string
  /** The table has updated_at / source_crs. */
  timestamps: boolean
  sourceCrs: boolean
  fields: readonly FieldDef[]
}

const labelled = <T extends string>(
  values: readonly T[],
  labels: Record<T, string>,
  aliases: Partial<Record<T, readonly string[]>> = {},
): EnumValue[] => values.map((value) => ({ value, label: labels[value], aliases: aliases[value] ?? [] }))

// Vocabulary the web has no words for yet (no screen showed them before the import).
const accidentLevelLabel = {
  general: '一般事故',
  larger: '较大事故',
  major: '重大事故',
  especially_major: '特别重大事故',
}
const drillLevelLabel = { county: '县级', town: '镇级', enterprise: '企业级' }
const drillKindLabel = { comprehensive: '综合演练', special: '专项演练', onsite: '现场处置演练' }
const gridKindLabel = { village: '村', community: '社区', park: '园区' }

const riskValues = labelled(riskLevels, zhCN.risk, {
  major: ['重大', '红', '红色'],
  high: ['较大', '橙', '橙色'],
  general: ['一般', '黄', '黄色'],
  low: ['低', '较低', '蓝', '蓝色'],
})
const sectorValues = labelled(sectors, zhCN.sector, {
  hazchem: ['危化', '化工', '危险化学品'],
  building_materials: ['建材'],
  construction: ['建筑', '建筑业'],
  transport: ['交通'],
})
const dustValues = labelled(dustTypes, zhCN.dustType, {
  metal: ['金属', '铝', '镁', '铝镁'],
  wood: ['木材', '木', '竹'],
  grain: ['粮食', '饲料'],
  textile: ['纺织'],
  plastic: ['塑料'],
})
const standardizationValues = labelled(standardizationLevels, zhCN.standardization, {
  level1: ['一级达标', '1级', '1'],
  level2: ['二级达标', '2级', '2'],
  level3: ['三级达标', '3级', '3'],
  micro: ['小微企业'],
  none: ['无', '未评'],
})
const enterpriseStatusValues = labelled(enterpriseStatuses, zhCN.enterpriseStatus, {
  active: ['正常', '营业', '生产'],
  suspended: ['停业', '停产整顿'],
  closed: ['注销', '关停'],
})
const outletKindValues = labelled(outletKinds, zhCN.outletKind, { fixed: ['固定', '长期'], temporary: ['临时网点'] })
const outletStatusValues = labelled(outletStatuses, zhCN.outletStatus, {
  active: ['正常', '在营'],
  closed: ['注销'],
  planned: ['规划'],
})
const siteValues = labelled(sensitiveSiteKinds, zhCN.siteKind, {
  school: ['中学', '小学'],
  gas_station: ['加油站', '加气站'],
  market: ['市场', '农贸市场'],
})
const zoneValues = labelled(
  zoneKinds,
  { no_fireworks: zhCN.legend.noFireworks, industrial_park: zhCN.legend.industrialPark },
  { no_fireworks: ['禁燃区', '禁止燃放区'], industrial_park: ['园区', '开发区'] },
)
const spaceValues = labelled(confinedSpaceTypes, zhCN.spaceType, {
  closed_equipment: ['密闭', '密闭设备空间'],
  underground: ['地下'],
  above_ground: ['地上'],
})
const accidentValues = labelled(accidentLevels, accidentLevelLabel, {
  general: ['一般'],
  larger: ['较大'],
  major: ['重大'],
  especially_major: ['特别重大'],
})
const drillLevelValues = labelled(drillLevels, drillLevelLabel, {
  county: ['县'],
  town: ['镇', '乡镇级'],
  enterprise: ['企业'],
})
const drillKindValues = labelled(drillKinds, drillKindLabel, {
  comprehensive: ['综合'],
  special: ['专项'],
  onsite: ['现场处置'],
})
const gridKindValues = labelled(['village', 'community', 'park'] as const, gridKindLabel, {
  village: ['行政村', '村网格'],
  community: ['居委会', '社区网格'],
  park: ['工业园区', '园区网格'],
})

const f = (
  field: string,
  label: string,
  kind: FieldKind,
  aliases: readonly string[],
  more: Partial<FieldDef> = {},
): FieldDef => ({ field, label, kind, aliases: [label, ...aliases], required: false, column: field, ...more })

const lon = f('lon', '经度', 'lon', ['lon', 'lng', 'long', 'longitude', 'x', 'x坐标', '东经'], { column: null })
const lat = f('lat', '纬度', 'lat', ['lat', 'latitude', 'y', 'y坐标', '北纬'], { column: null })
const townCheck = f('town', '所属镇', 'town', ['镇', '乡镇', '镇区', '镇（区）', '所属乡镇', '所属镇区'], {
  column: null,
})
const gridCheck = f('grid', '所属网格', 'grid', ['网格', '网格编码', '网格代码'], { column: null })
const phone = f('safety_phone', '联系电话', 'text', ['电话', '手机', '安全负责人电话'])
const address = f('address', '地址', 'text', ['详细地址', '经营地址', '注册地址'])

export const layers: Record<LayerName, LayerDef> = {
  towns: {
    layer: 'towns',
    label: '镇（区）界线',
    table: 'regions',
    key: 'code',
    geometry: 'polygon',
    matchBy: 'code',
    matchNote: '按区划代码匹配已有镇（区）',
    uniqueColumn: 'code',
    labelColumn: 'name',
    timestamps: false,
    sourceCrs: true,
    fields: [
      f('code', '区划代码', 'text', ['代码', '编码', '行政区划代码', 'code'], { required: true }),
      f('name', '名称', 'text', ['镇名', '镇名称', '乡镇名称', '乡镇', 'name'], { required: true }),
      f('households', '户数', 'integer', ['总户数'], { range: [0, 10_000_000] }),
      f('population', '人口', 'integer', ['总人口', '户籍人口'], { range: [0, 100_000_000] }),
    ],
  },
  grids: {
    layer: 'grids',
    label: '监管网格',
    table: 'grids',
    key: 'code',
    geometry: 'polygon',
    matchBy: 'code',
    matchNote: '按网格编码匹配已有网格',
    uniqueColumn: 'code',
    labelColumn: 'name',
    timestamps: false,
    sourceCrs: true,
    fields: [
      f('code', '网格编码', 'text', ['网格代码', '编码', '代码', 'code'], { required: true }),
      f('name', '网格名称', 'text', ['名称', 'name'], { required: true }),
      f('town_code', '所属镇', 'town', ['镇', '乡镇', '镇区', '镇（区）', '所属乡镇'], { required: true }),
      f('kind', '网格类型', 'enum', ['类型'], { required: true, values: gridKindValues }),
      f('officer_name', '网格员', 'text', ['网格长', '负责人', '专职网格员']),
      f('officer_phone', '联系电话', 'text', ['电话', '手机']),
    ],
  },
  enterprises: {
    layer: 'enterprises',
    label: '企业（一企一档）',
    table: 'enterprises',
    key: 'id',
    geometry: 'point',
    matchBy: 'uscc',
    matchNote: '按统一社会信用代码匹配已有企业',
    uniqueColumn: 'uscc',
    labelColumn: 'name',
    timestamps: true,
    sourceCrs: true,
    fields: [
      f('name', '企业名称', 'text', ['单位名称', '名称', '企业', 'name'], { required: true }),
      f('uscc', '统一社会信用代码', 'uscc', ['信用代码', '社会信用代码', 'uscc'], { required: true }),
      lon,
      lat,
      townCheck,
      gridCheck,
      f('sector', '行业', 'enum', ['所属行业', '行业类别'], { required: true, values: sectorValues }),
      f('risk_level', '风险等级', 'enum', ['风险', '风险级别'], { required: true, values: riskValues }),
      f('status', '状态', 'enum', ['经营状态', '企业状态'], { values: enterpriseStatusValues }),
      f('legal_rep', '法定代表人', 'text', ['法人', '法人代表']),
      f('safety_manager', '安全负责人', 'text', ['安全管理人员', '负责人']),
      phone,
      address,
      f('employees', '从业人数', 'integer', ['职工人数', '从业人员', '员工人数'], { range: [0, 1_000_000] }),
      f('above_size', '规上', 'boolean', ['规模以上', '规上企业', '是否规上']),
      f('standardization_level', '标准化等级', 'enum', ['安全生产标准化', '标准化'], { values: standardizationValues }),
      f('standardization_on', '标准化达标日期', 'date', ['达标日期']),
      f('dust', '粉尘涉爆', 'boolean', ['涉粉尘', '是否粉尘涉爆']),
      f('dust_type', '粉尘类型', 'enum', ['粉尘种类'], { values: dustValues }),
      f('dust_workers_per_shift', '粉尘作业人数（每班）', 'integer', ['粉尘作业人数', '单班粉尘作业人数'], {
        range: [0, 100_000],
      }),
      f('ammonia_tonnes', '液氨储量（吨）', 'number', ['涉氨', '液氨储量', '涉氨制冷', '液氨']),
      f('hazchem_key_process', '重点监管危化工艺', 'boolean', ['危化工艺', '重点监管工艺']),
      f('hazchem_key_chemical', '重点监管危化品', 'boolean', ['重点监管危险化学品']),
      f('major_hazard_level', '重大危险源等级', 'integer', ['重大危险源', '危险源等级'], { range: [1, 4] }),
    ],
  },
  confined_spaces: {
    layer: 'confined_spaces',
    label: '有限空间',
    table: 'confined_spaces',
    key: 'id',
    geometry: 'point',
    matchBy: 'name',
    matchNote: '按所属企业（信用代码或名称）+ 有限空间名称匹配',
    uniqueColumn: null,
    labelColumn: 'name',
    timestamps: true,
    sourceCrs: true,
    fields: [
      f('enterprise_id', '所属企业', 'enterprise', ['统一社会信用代码', '信用代码', '企业名称', '单位名称', '企业'], {
        required: true,
      }),
      f('name', '有限空间名称', 'text', ['名称', '空间名称', 'name'], { required: true }),
      f('space_type', '有限空间类型', 'enum', ['类型', '空间类型'], { required: true, values: spaceValues }),
      f('gases', '有毒有害气体', 'text', ['气体', '危险气体', '有害气体'], { list: true }),
      f('warning_sign', '警示标识', 'boolean', ['是否设置警示标识']),
      f('permit_required', '作业审批', 'boolean', ['审批', '作业审批制度']),
      f('outsourced', '外包作业', 'boolean', ['是否外包']),
      lon,
      lat,
    ],
  },
  outlets: {
    layer: 'outlets',
    label: '烟花爆竹零售点',
    table: 'fireworks_outlets',
    key: 'id',
    geometry: 'point',
    matchBy: 'licence_no',
    matchNote: '按许可证号匹配已有零售点',
    uniqueColumn: 'licence_no',
    labelColumn: 'name',
    timestamps: true,
    sourceCrs: true,
    fields: [
      f('licence_no', '许可证号', 'text', ['许可证编号', '经营许可证号', '零售许可证号'], { required: true }),
      f('name', '网点名称', 'text', ['名称', '店名', '单位名称', '零售点名称', 'name'], { required: true }),
      f('operator', '经营者', 'text', ['负责人', '经营人', '主要负责人']),
      f('phone', '联系电话', 'text', ['电话', '手机']),
      address,
      f('kind', '网点类型', 'enum', ['类型', '经营类型'], { required: true, values: outletKindValues }),
      f('status', '状态', 'enum', ['经营状态'], { values: outletStatusValues }),
      f('floor_area_m2', '营业面积（㎡）', 'number', ['营业面积', '面积', '经营面积'], { required: true }),
      f('storage_limit_kg', '限存量（kg）', 'number', ['限存量', '储存量']),
      f('licence_valid_from', '有效期起', 'date', ['许可证有效期起', '发证日期']),
      f('licence_valid_to', '有效期至', 'date', ['许可证有效期至', '有效期止']),
      lon,
      lat,
      townCheck,
    ],
  },
  sensitive_sites: {
    layer: 'sensitive_sites',
    label: '敏感场所',
    table: 'sensitive_sites',
    key: 'id',
    geometry: 'point',
    matchBy: 'name',
    matchNote: '按名称 + 所在镇匹配已有场所',
    uniqueColumn: null,
    labelColumn: 'name',
    timestamps: true,
    sourceCrs: true,
    fields: [
      f('name', '场所名称', 'text', ['名称', '单位名称', 'name'], { required: true }),
      f('kind', '场所类型', 'enum', ['类型', '类别'], { required: true, values: siteValues }),
      address,
      lon,
      lat,
      townCheck,
    ],
  },
  zones: {
    layer: 'zones',
    label: '禁放区与工业园区',
    table: 'zones',
    key: 'id',
    geometry: 'polygon',
    matchBy: 'name',
    matchNote: '按名称 + 所在镇匹配已有区域',
    uniqueColumn: null,
    labelColumn: 'name',
    timestamps: true,
    sourceCrs: true,
    fields: [
      f('name', '区域名称', 'text', ['名称', 'name'], { required: true }),
      f('kind', '区域类型', 'enum', ['类型'], { required: true, values: zoneValues }),
      f('note', '备注', 'text', ['说明']),
    ],
  },
  accidents: {
    layer: 'accidents',
    label: '生产安全事故',
    table: 'accidents',
    key: 'id',
    geometry: 'point',
    matchBy: null,
    matchNote: '按发生日期 + 企业（无企业时按事故简况）匹配',
    uniqueColumn: null,
    labelColumn: 'description',
    timestamps: true,
    sourceCrs: true,
    fields: [
      f('occurred_on', '发生日期', 'date', ['事故日期', '日期', '发生时间'], { required: true }),
      f('enterprise_id', '事故单位', 'enterprise', ['统一社会信用代码', '信用代码', '企业名称', '单位名称', '企业']),
      f('level', '事故等级', 'enum', ['等级', '事故级别'], { required: true, values: accidentValues }),
      f('deaths', '死亡人数', 'integer', ['死亡'], { range: [0, 100_000] }),
      f('serious_injuries', '重伤人数', 'integer', ['重伤'], { range: [0, 100_000] }),
      f('direct_loss_wan_yuan', '直接经济损失（万元）', 'number', ['直接经济损失', '经济损失']),
      f('description', '事故简况', 'text', ['简况', '事故经过', '描述', '事故描述'], { required: true }),
      lon,
      lat,
    ],
  },
  drills: {
    layer: 'drills',
    label: '应急演练',
    table: 'drills',
    key: 'id',
    geometry: 'none',
    matchBy: 'name',
    matchNote: '按演练日期 + 演练名称匹配',
    uniqueColumn: null,
    labelColumn: 'name',
    timestamps: true,
    sourceCrs: false,
    fields: [
      f('held_on', '演练日期', 'date', ['日期', '举办日期'], { required: true }),
      f('name', '演练名称', 'text', ['名称', 'name'], { required: true }),
      f('level', '演练级别', 'enum', ['级别'], { required: true, values: drillLevelValues }),
      f('kind', '演练类型', 'enum', ['类型', '形式'], { required: true, values: drillKindValues }),
      f('town_code', '所属镇', 'town', ['镇', '乡镇', '镇区', '镇（区）']),
      f('enterprise_id', '演练单位', 'enterprise', ['统一社会信用代码', '企业名称', '单位名称', '企业']),
      f('participants', '参演人数', 'integer', ['参加人数', '人数'], { range: [0, 1_000_000] }),
    ],
  },
}

export const isLayer = (value: string): value is LayerName => (layerNames as readonly string[]).includes(value)

/** The table columns a layer writes (its fields' columns), in order. */
export const layerColumns = (def: LayerDef) =>
  def.fields
    .flatMap((field) => (field.column ? [field.column] : []))
    .concat(def.layer === 'towns' ? ['kind', 'parent_code'] : [])

/** GET /api/imports/layers. */
export const layerList = () =>
  layerNames.map((name) => {
    const def = layers[name]
    return {
      layer: def.layer,
      label: def.label,
      geometry: def.geometry,
      match_by: def.matchBy,
      match_note: def.matchNote,
      fields: def.fields.map((field) => ({
        field: field.field,
        label: field.label,
        required: field.required,
        kind: field.kind,
        ...(field.values ? { values: field.values.map(({ value, label }) => ({ value, label })) } : {}),
      })),
    }
  })
