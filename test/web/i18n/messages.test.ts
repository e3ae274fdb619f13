import { describe, expect, test } from 'vitest'
import { en } from '../../../web/i18n/en.ts'
import { translate } from '../../../web/i18n/messages.ts'
import { zhCN } from '../../../web/i18n/zh-CN.ts'

const keys = (node: object, prefix = ''): string[] =>
  Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`),
  )

describe('messages', () => {
  test('English has exactly the keys of zh-CN', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  test('placeholders are filled and the four risk names are the domain’s', () => {
    expect(translate(zhCN, 'legend.dustAlert', { n: 30 })).toBe('超过 30 人/班且未第三方验证')
    expect(['major', 'high', 'general', 'low'].map((r) => translate(zhCN, `risk.${r}`))).toEqual([
      '重大风险',
      '较大风险',
      '一般风险',
      '低风险',
    ])
    expect(translate(en, 'no.such.key')).toBe('no.such.key')
  })
})
