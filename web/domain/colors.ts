import type { DustType, OutletStatus, RiskLevel, SensitiveSiteKind } from './vocab.ts'

/** 安全风险四色: 重大 red, 较大 orange, 一般 yellow, 低 blue (DOMAIN §4). */
export const riskColors: Record<RiskLevel, string> = {
  major: '#e60012',
  high: '#f39800',
  general: '#ffd900',
  low: '#0068b7',
}

export const dustColors: Record<DustType, string> = {
  metal: '#5b5f97',
  wood: '#8c6239',
  grain: '#c9a227',
  textile: '#b05fa3',
  paper: '#3f8f8b',
  plastic: '#4f7cac',
  other: '#7d7d7d',
}

export const outletStatusColors: Record<OutletStatus, string> = {
  active: '#b0127a',
  suspended: '#c58db3',
  closed: '#9aa0a6',
  planned: '#e08fc4',
}

export const sensitiveSiteColors: Record<SensitiveSiteKind, string> = {
  school: '#2e7d32',
  kindergarten: '#66bb6a',
  hospital: '#00838f',
  market: '#8d6e63',
  crowded_place: '#a1887f',
  gas_station: '#6a1b9a',
  flammable_storage: '#4a148c',
  high_rise: '#546e7a',
  residential_gate: '#90a4ae',
}

export const confinedSpaceColor = '#00897b'
export const ammoniaColor = '#1e88e5'
export const hazchemColor = '#6d4c41'
export const supplierLineColor = '#b0127a'
export const noFireworksColor = '#d81b60'
export const industrialParkColor = '#7e57c2'
export const townLineColor = '#3c4f66'
export const gridLineColor = '#8795a8'
export const landColor = '#fbfaf6'
export const seaColor = '#dde8f0'

/** The wall display's dark theme (指挥中心大屏): deep navy, light lines, amber highlight. */
export const wallDark = {
  background: '#050b16',
  sea: '#071426',
  land: '#0f1d30',
  landSelected: '#1d3557',
  townLine: '#6f8fb5',
  gridLine: '#2c4463',
  highlight: '#00e5ff',
  label: '#e8f1ff',
  labelSoft: '#a9bdd6',
  halo: '#050b16',
}

/** The planner's map (/fireworks): a violation drawn in red, a plan's changes, a town against its cap. */
export const violationColor = '#c62828'
export const warningColor = '#ef8f00'
export const planAddedColor = '#1b8a3a'
export const planMovedColor = '#1565c0'
export const candidateColor = '#0b57d0'
export const townQuotaColors = { over: '#f6c7c0', within: '#d9eedb', none: landColor } as const
