import type { regionKinds } from '../schema.ts'

export type Unit = {
  code: string
  name: string
  kind: (typeof regionKinds)[number]
  /** Synthetic seat (镇政府 / 管委会 / 场部), [lon, lat]; only 合德镇's is a published figure. */
  seat: [number, number]
  population: number
}

export const county = { code: '320924', name: '射阳县', seat: [120.2527, 33.7751] as [number, number] }

/** DOMAIN §2: the 13 towns and 6 special units with their NBS 2023 codes; populations are plausible. */
export const units: Unit[] = [
  { code: '320924100', name: '合德镇', kind: 'town', seat: [120.2527, 33.7751], population: 127_000 },
  { code: '320924101', name: '临海镇', kind: 'town', seat: [120.232, 34.02], population: 62_000 },
  { code: '320924102', name: '千秋镇', kind: 'town', seat: [120.1, 34.03], population: 48_000 },
  { code: '320924104', name: '四明镇', kind: 'town', seat: [120.01, 33.81], population: 56_000 },
  { code: '320924106', name: '海河镇', kind: 'town', seat: [120.1, 33.9], population: 63_000 },
  { code: '320924108', name: '海通镇', kind: 'town', seat: [120.32, 33.87], population: 57_000 },
  { code: '320924109', name: '兴桥镇', kind: 'town', seat: [120.1, 33.72], population: 61_000 },
  { code: '320924110', name: '新坍镇', kind: 'town', seat: [120.32, 33.56], population: 60_000 },
  { code: '320924111', name: '长荡镇', kind: 'town', seat: [120.17, 33.6], population: 58_000 },
  { code: '320924112', name: '盘湾镇', kind: 'town', seat: [120.08, 33.63], population: 57_000 },
  { code: '320924113', name: '特庸镇', kind: 'town', seat: [120.43, 33.63], population: 61_000 },
  { code: '320924114', name: '洋马镇', kind: 'town', seat: [120.27, 33.67], population: 62_000 },
  { code: '320924117', name: '黄沙港镇', kind: 'town', seat: [120.4, 33.93], population: 55_000 },
  { code: '320924400', name: '县经济开发区', kind: 'zone', seat: [120.19, 33.8], population: 45_000 },
  { code: '320924401', name: '淮海农场', kind: 'farm', seat: [120.2, 33.97], population: 21_000 },
  { code: '320924402', name: '临海农场', kind: 'farm', seat: [120.3, 34.07], population: 16_000 },
  { code: '320924403', name: '新洋农场', kind: 'farm', seat: [120.46, 33.74], population: 13_000 },
  { code: '320924404', name: '盐场', kind: 'farm', seat: [120.53, 33.55], population: 9_000 },
  { code: '320924406', name: '射阳港经济区', kind: 'zone', seat: [120.47, 33.81], population: 31_000 },
]

/** Sheyang averages about 2.8 people per household. */
export const peoplePerHousehold = 2.8
