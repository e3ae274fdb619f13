import type { dustTypes, sectors } from '../schema.ts'

export type ConfinedProfile = 'paper' | 'food' | 'sewage' | 'chemical' | 'cold_storage' | 'generic'

/** One line of business: its regulator sector, how names read, how common it is and what it carries. */
export type Trade = {
  sector: (typeof sectors)[number]
  words: string[]
  weight: number
  /** 0 shops … 3 hazardous chemicals: shifts the four-colour risk mix. */
  riskiness: 0 | 1 | 2 | 3
  medianEmployees: number
  dust?: { type: (typeof dustTypes)[number]; p: number }
  ammoniaP?: number
  confined?: { profile: ConfinedProfile; p: number }
  /** Share of this trade that sits inside an industrial park. */
  park?: { which: 'dev' | 'port' | 'textile'; p: number }
}

// Weights give Sheyang's mix: machinery, textiles, light industry, building materials and commerce
// dominate; hazardous chemicals are few and mostly in the port zone.
export const trades: Trade[] = [
  {
    sector: 'machinery',
    words: ['机械', '机械制造', '机电设备'],
    weight: 12,
    riskiness: 1,
    medianEmployees: 35,
    dust: { type: 'metal', p: 0.02 },
  },
  {
    sector: 'machinery',
    words: ['汽车零部件', '汽车配件'],
    weight: 4,
    riskiness: 1,
    medianEmployees: 45,
    park: { which: 'dev', p: 0.5 },
  },
  {
    sector: 'machinery',
    words: ['五金制品', '五金工具'],
    weight: 3,
    riskiness: 1,
    medianEmployees: 20,
    dust: { type: 'metal', p: 0.1 },
  },
  { sector: 'machinery', words: ['电机', '电气设备', '电器'], weight: 3, riskiness: 1, medianEmployees: 40 },
  {
    sector: 'machinery',
    words: ['铝制品', '金属制品', '金属表面处理'],
    weight: 3,
    riskiness: 2,
    medianEmployees: 30,
    dust: { type: 'metal', p: 0.4 },
  },
  {
    sector: 'machinery',
    words: ['风电装备', '海上风电设备'],
    weight: 1.5,
    riskiness: 1,
    medianEmployees: 120,
    park: { which: 'port', p: 0.8 },
  },
  {
    sector: 'textile',
    words: ['纺织', '棉纺织', '纱业'],
    weight: 8,
    riskiness: 1,
    medianEmployees: 60,
    dust: { type: 'textile', p: 0.12 },
    park: { which: 'textile', p: 0.3 },
  },
  { sector: 'textile', words: ['服饰', '服装', '制衣'], weight: 4, riskiness: 0, medianEmployees: 45 },
  { sector: 'textile', words: ['家纺', '纺织品'], weight: 2, riskiness: 0, medianEmployees: 30 },
  {
    sector: 'textile',
    words: ['印染', '染整'],
    weight: 1.5,
    riskiness: 2,
    medianEmployees: 80,
    confined: { profile: 'sewage', p: 0.5 },
    park: { which: 'textile', p: 0.8 },
  },
  {
    sector: 'light_industry',
    words: ['食品', '食品加工'],
    weight: 4,
    riskiness: 1,
    medianEmployees: 30,
    ammoniaP: 0.1,
    confined: { profile: 'food', p: 0.15 },
  },
  {
    sector: 'light_industry',
    words: ['水产食品', '冷冻食品', '冷链物流'],
    weight: 2,
    riskiness: 2,
    medianEmployees: 40,
    ammoniaP: 0.7,
    confined: { profile: 'cold_storage', p: 0.3 },
  },
  {
    sector: 'light_industry',
    words: ['粮油', '米业', '面粉'],
    weight: 2,
    riskiness: 2,
    medianEmployees: 25,
    dust: { type: 'grain', p: 0.5 },
  },
  {
    sector: 'light_industry',
    words: ['饲料'],
    weight: 1,
    riskiness: 2,
    medianEmployees: 30,
    dust: { type: 'grain', p: 0.5 },
  },
  {
    sector: 'light_industry',
    words: ['木业', '家具', '木制品'],
    weight: 3,
    riskiness: 2,
    medianEmployees: 30,
    dust: { type: 'wood', p: 0.5 },
  },
  {
    sector: 'light_industry',
    words: ['造纸', '纸业'],
    weight: 1,
    riskiness: 2,
    medianEmployees: 120,
    dust: { type: 'paper', p: 0.1 },
    confined: { profile: 'paper', p: 1 },
  },
  {
    sector: 'light_industry',
    words: ['包装', '纸制品'],
    weight: 2,
    riskiness: 1,
    medianEmployees: 30,
    dust: { type: 'paper', p: 0.1 },
  },
  {
    sector: 'light_industry',
    words: ['塑料制品', '塑胶'],
    weight: 2,
    riskiness: 1,
    medianEmployees: 25,
    dust: { type: 'plastic', p: 0.15 },
  },
  {
    sector: 'light_industry',
    words: ['酿造', '酒业'],
    weight: 0.8,
    riskiness: 1,
    medianEmployees: 40,
    confined: { profile: 'food', p: 0.7 },
  },
  { sector: 'building_materials', words: ['建材', '新型建材'], weight: 3, riskiness: 1, medianEmployees: 25 },
  { sector: 'building_materials', words: ['新型墙材', '墙体材料'], weight: 2, riskiness: 1, medianEmployees: 30 },
  { sector: 'building_materials', words: ['商品混凝土', '混凝土'], weight: 2, riskiness: 1, medianEmployees: 40 },
  { sector: 'building_materials', words: ['水泥制品'], weight: 1, riskiness: 1, medianEmployees: 20 },
  { sector: 'building_materials', words: ['玻璃制品'], weight: 1, riskiness: 1, medianEmployees: 30 },
  { sector: 'commerce', words: ['商贸', '贸易'], weight: 8, riskiness: 0, medianEmployees: 8 },
  { sector: 'commerce', words: ['超市', '商场', '购物中心'], weight: 3, riskiness: 0, medianEmployees: 25 },
  { sector: 'commerce', words: ['酒店', '餐饮管理'], weight: 2, riskiness: 0, medianEmployees: 20 },
  { sector: 'commerce', words: ['农资'], weight: 1, riskiness: 0, medianEmployees: 6 },
  {
    sector: 'hazchem',
    words: ['化工', '化学'],
    weight: 2.5,
    riskiness: 3,
    medianEmployees: 90,
    confined: { profile: 'chemical', p: 0.7 },
    park: { which: 'port', p: 0.75 },
  },
  {
    sector: 'hazchem',
    words: ['新材料', '精细化工'],
    weight: 1,
    riskiness: 3,
    medianEmployees: 70,
    confined: { profile: 'chemical', p: 0.5 },
    park: { which: 'port', p: 0.7 },
  },
  {
    sector: 'hazchem',
    words: ['燃气', '危险化学品经营', '石化产品经营'],
    weight: 1.2,
    riskiness: 3,
    medianEmployees: 15,
  },
  {
    sector: 'metallurgy',
    words: ['铸造', '特钢'],
    weight: 1,
    riskiness: 2,
    medianEmployees: 60,
    dust: { type: 'metal', p: 0.1 },
  },
  {
    sector: 'nonferrous',
    words: ['铝业', '铜业'],
    weight: 0.5,
    riskiness: 2,
    medianEmployees: 50,
    dust: { type: 'metal', p: 0.4 },
  },
  { sector: 'construction', words: ['建设工程', '建筑工程', '建筑安装'], weight: 3, riskiness: 1, medianEmployees: 50 },
  { sector: 'transport', words: ['运输', '物流', '客运'], weight: 3, riskiness: 1, medianEmployees: 25 },
  { sector: 'tobacco', words: ['烟草物流'], weight: 0.05, riskiness: 1, medianEmployees: 40 },
  {
    sector: 'other',
    words: ['污水处理', '水务'],
    weight: 0.5,
    riskiness: 2,
    medianEmployees: 20,
    confined: { profile: 'sewage', p: 1 },
  },
  { sector: 'other', words: ['电子', '电子科技'], weight: 2, riskiness: 0, medianEmployees: 50 },
  { sector: 'other', words: ['新能源', '光伏科技'], weight: 1, riskiness: 1, medianEmployees: 40 },
  { sector: 'other', words: ['医疗器械', '生物科技'], weight: 1, riskiness: 1, medianEmployees: 35 },
]

export const fireworksWholesaleTrade: Trade = {
  sector: 'fireworks',
  words: ['烟花爆竹批发', '烟花爆竹经营'],
  weight: 0,
  riskiness: 3,
  medianEmployees: 20,
}
