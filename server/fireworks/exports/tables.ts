import type { Table } from '../../http/table-files.ts'
import type { TownQuota } from '../town-quota.ts'
import type { PlanEvaluation, PlanViolation } from '../plans/evaluation.ts'
import type { PlanChange } from '../plans/schemas.ts'
import {
  capSourceLabel,
  changeLabel,
  kindLabel,
  otherTypeLabel,
  ruleLabel,
  severityLabel,
  siteKindLabel,
  yesNo,
} from './labels-zh.ts'

/** A table of an export: Chinese headers, then rows of plain values. */

const otherKind = (v: PlanViolation) =>
  v.other_type === 'site' ? (siteKindLabel[v.other_kind as keyof typeof siteKindLabel] ?? v.other_kind) : null
const round = (value: number | null, digits: number) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits

/** The violations (today's, or a plan's: an added outlet by its ref), with the towns' names. */
export function violationsTable(
  violations: PlanViolation[],
  towns: TownQuota[],
  extra?: (v: PlanViolation) => string,
): Table {
  const townName = new Map(towns.map((t) => [t.code, t.name]))
  return {
    headers: [
      '网点编号',
      '规划新增编号',
      '网点名称',
      '许可证号',
      '类型',
      '乡镇',
      '网格',
      '违规事项',
      '严重程度',
      '测量值',
      '限值',
      '对方类别',
      '对方名称',
      '对方种类',
      '距离（米）',
      ...(extra ? ['变化'] : []),
    ],
    rows: violations.map((v) => [
      v.outlet_id,
      v.ref,
      v.outlet_name,
      v.licence_no,
      kindLabel[v.outlet_kind as keyof typeof kindLabel] ?? v.outlet_kind,
      v.town_code ? (townName.get(v.town_code) ?? v.town_code) : null,
      v.grid_code,
      ruleLabel[v.rule],
      severityLabel[v.severity],
      round(v.value, 2),
      v.threshold,
      v.other_type ? otherTypeLabel[v.other_type] : null,
      v.other_name ?? v.other_ref,
      otherKind(v),
      round(v.distance_m, 2),
      ...(extra ? [extra(v)] : []),
    ]),
  }
}

/** 总量控制 per town, with the cap of each year of the planned reduction. */
export function townsTable(towns: TownQuota[]): Table {
  const years = towns.find((t) => t.plan.length > 0)?.plan.map((p) => p.year) ?? []
  return {
    headers: [
      '乡镇代码',
      '乡镇名称',
      '户数',
      '网点上限',
      '上限来源',
      '现有网点（含规划）',
      '其中规划网点',
      '是否在上限内',
      '超出数',
      ...years.map((year) => `${year}年上限`),
    ],
    rows: towns.map((t) => [
      t.code,
      t.name,
      t.households,
      t.cap,
      t.cap_source ? capSourceLabel[t.cap_source] : null,
      t.outlets_now,
      t.outlets_planned,
      yesNo(t.within),
      t.over_by,
      ...years.map((year) => t.plan.find((p) => p.year === year)?.cap ?? null),
    ]),
  }
}

/** A plan's changes in their order. */
export function changesTable(changes: readonly PlanChange[], outletNames: Map<number, string>): Table {
  return {
    headers: ['序号', '变更', '网点编号', '规划新增编号', '网点名称', '类型', '经度', '纬度', '营业面积（㎡）'],
    rows: changes.map((c, i) =>
      c.kind === 'add'
        ? [i + 1, changeLabel.add, null, c.ref, c.name, kindLabel[c.outlet_kind], c.lon, c.lat, c.floor_area_m2]
        : [
            i + 1,
            changeLabel[c.kind],
            c.outlet_id,
            null,
            outletNames.get(c.outlet_id) ?? null,
            null,
            c.kind === 'move' ? c.lon : null,
            c.kind === 'move' ? c.lat : null,
            null,
          ],
    ),
  }
}

/** 方案对比: the towns now and in the plan, then the violations the plan removes and brings. */
export function comparisonTables(evaluation: PlanEvaluation, towns: TownQuota[]): Table[] {
  const { comparison } = evaluation
  return [
    {
      headers: [
        '乡镇代码',
        '乡镇名称',
        '网点上限',
        '现状网点',
        '规划网点',
        '增减',
        '现状是否在上限内',
        '规划是否在上限内',
      ],
      rows: comparison.towns.map((t) => [
        t.code,
        t.name,
        t.cap,
        t.current,
        t.planned,
        t.delta,
        yesNo(t.within_current),
        yesNo(t.within_planned),
      ]),
    },
    violationsTable([...comparison.fixed, ...comparison.introduced], towns, (v) =>
      comparison.fixed.includes(v) ? '消除' : '新增',
    ),
  ]
}
