import type { Random } from '../../lib/seeded-random.ts'

// Surnames weighted towards northern Jiangsu (苏北) frequencies.
const surnames: [string, number][] = [
  ['王', 9],
  ['陈', 8],
  ['张', 7],
  ['徐', 6],
  ['朱', 5],
  ['周', 5],
  ['李', 5],
  ['吴', 4],
  ['刘', 4],
  ['孙', 4],
  ['杨', 3],
  ['顾', 3],
  ['蔡', 3],
  ['沈', 2],
  ['陆', 2],
  ['胡', 2],
  ['薛', 2],
  ['唐', 2],
  ['季', 2],
  ['卞', 2],
  ['仇', 1],
  ['戴', 1],
  ['丁', 2],
  ['董', 1],
  ['范', 1],
  ['葛', 1],
  ['韩', 1],
  ['何', 1],
  ['黄', 2],
  ['姜', 1],
  ['蒋', 1],
  ['金', 1],
  ['孔', 1],
  ['梁', 1],
  ['林', 1],
  ['马', 2],
  ['倪', 1],
  ['潘', 1],
  ['钱', 1],
  ['邱', 1],
  ['任', 1],
  ['邵', 1],
  ['施', 1],
  ['宋', 1],
  ['汤', 1],
  ['陶', 1],
  ['汪', 1],
  ['夏', 1],
  ['许', 2],
  ['严', 1],
  ['姚', 1],
  ['殷', 1],
  ['袁', 1],
  ['臧', 1],
  ['赵', 2],
  ['郑', 1],
  ['仲', 1],
  ['邹', 1],
  ['左', 1],
  ['曹', 1],
]
const givenChars = [
  ...'建国志明海军华平春红伟勇强兵林峰涛磊杰斌超鹏飞俊文武宏卫东荣生祥福宝玉兰英芳梅霞丽娟静敏燕婷雪琴秀云桂凤洪亮波涌进江山成德新民中立刚',
]
const mobilePrefixes = [
  '130',
  '131',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '157',
  '158',
  '159',
  '177',
  '180',
  '181',
  '182',
  '183',
  '187',
  '188',
  '189',
  '199',
]

export function personName(random: Random): string {
  const given = random.chance(0.7) ? random.pick(givenChars) + random.pick(givenChars) : random.pick(givenChars)
  return random.weighted(surnames) + given
}

export function mobilePhone(random: Random): string {
  return random.pick(mobilePrefixes) + String(random.int(0, 99_999_999)).padStart(8, '0')
}

const placeFirst = [...'新东西南北红丰永兴太长安幸胜联合民建港海洋沙盐富和平明光华利三五八双大小金银渔中前后']
const placeSecond = [...'港河沙洋丰兴华民安阳明东元庄湾桥垦滩园圩墩集塘林星光丰荣盛旺富乐和平']

/** Village and community names, unique within one town. */
export function placeNames(random: Random, count: number): string[] {
  const names = new Set<string>()
  while (names.size < count) names.add(random.pick(placeFirst) + random.pick(placeSecond))
  return [...names]
}

export const roads = [
  '人民路',
  '解放路',
  '幸福大道',
  '振阳街',
  '黄海路',
  '海都路',
  '利民路',
  '沿河路',
  '工业路',
  '兴业路',
  '创业路',
  '通洋路',
  '红旗路',
  '文明路',
  '射阳河路',
  '滨湖大道',
  '开放大道',
  '北环路',
  '南环路',
  '建设路',
  '港城路',
  '希望大道',
  '世纪大道',
  '民营路',
  '长江路',
  '黄河路',
  '淮河路',
  '太行山路',
  '华山路',
  '泰山路',
]

const brandChars = [
  ...'恒兴华盛鑫源泰隆宏达金瑞祥福康顺丰润天宇新海洋阳明远通利昌永德诚信佳晟博创力鼎辉凯欣亿嘉弘荣卓优',
]

/** A 字号 (trade name) of two or three characters. */
export function brandName(random: Random): string {
  const length = random.chance(0.85) ? 2 : 3
  let name = ''
  while (name.length < length) {
    const c = random.pick(brandChars)
    if (!name.includes(c)) name += c
  }
  return name
}

/** '射阳县合德镇'; the development zone is called 射阳经济开发区, never '射阳县县经济开发区'. */
export function countyPrefixed(townName: string): string {
  return townName.startsWith('县') ? `射阳${townName.slice(1)}` : `射阳县${townName}`
}
