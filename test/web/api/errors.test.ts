import { describe, expect, test } from 'vitest'
import { HttpError, UnreachableError } from '../../../web/api/client.ts'
import { describeError, describeErrorParts } from '../../../web/api/errors.ts'
import { en } from '../../../web/i18n/en.ts'
import { translate, type MessageKey } from '../../../web/i18n/messages.ts'
import { zhCN } from '../../../web/i18n/zh-CN.ts'

const t = (key: MessageKey, params?: Record<string, string | number>) => translate(zhCN, key, params)
const tEn = (key: MessageKey, params?: Record<string, string | number>) => translate(en, key, params)
const http = (status: number, body: unknown, headers?: Record<string, string>) =>
  new HttpError(status, body, headers ? new Headers(headers) : undefined)

describe('describeError: every failure in Chinese, never the server’s English alone', () => {
  test.each([
    [http(403, { error: 'Inspections are for admin, county, town, grid users; you are viewer' }), '无权执行此操作'],
    [http(404, { error: 'No enterprise 12' }), '未找到，或不在您的管辖范围内'],
    [http(409, { error: 'Stale version', details: { current: {} } }), '数据已被他人修改，请刷新后再改'],
    [http(413, { error: 'Photo larger than 10 MB' }), '文件过大'],
    [http(415, { error: 'Only JPEG, PNG and WebP photos' }), '不支持的文件类型'],
    [http(400, { error: 'The body must be JSON' }), '提交的内容有误，请检查后重试'],
    [http(401, { error: 'Session expired; log in again' }), '登录已过期，请重新登录，您填写的内容仍然保留'],
    [new UnreachableError('HTTP 502'), '无法连接服务器，内容未丢失，请稍后重试'],
    [new TypeError('Failed to fetch'), '无法连接服务器，内容未丢失，请稍后重试'],
    [http(503, null), '无法连接服务器，内容未丢失，请稍后重试'],
  ])('%s → %s', (error, text) => {
    expect(describeError(error, t)).toBe(text)
  })

  test('a code the server sent wins over the status', () => {
    expect(describeError(http(403, { error: 'The viewer role is read-only', code: 'viewer_read_only' }), t)).toBe(
      '只读用户不能修改数据',
    )
    expect(describeError(http(403, { error: 'Kiosk tokens are read-only', code: 'kiosk_read_only' }), t)).toBe(
      '大屏令牌只能查看，不能修改数据',
    )
    expect(describeError(http(404, { error: 'No such resource: /api/x', code: 'not_found' }), t)).toBe(
      '未找到，或不在您的管辖范围内',
    )
    // A code this web app does not know yet falls back to the status.
    expect(describeError(http(403, { error: 'New rule', code: 'some_future_code' }), t)).toBe('无权执行此操作')
  })

  test('the planner’s refusals (server/fireworks) have their own words in both languages', () => {
    const codes = [
      'licence_required',
      'licence_taken',
      'unknown_enterprise',
      'unknown_outlet',
      'plan_name_taken',
      'plan_adopted',
      'layout_changed',
    ]
    for (const code of codes) {
      const error = http(code.startsWith('unknown') || code === 'licence_required' ? 422 : 409, { error: 'x', code })
      expect(describeErrorParts(error, t).text).toBe(translate(zhCN, `apiErrors.code.${code}`))
      expect(describeErrorParts(error, tEn).text).toBe(translate(en, `apiErrors.code.${code}`))
      expect(translate(zhCN, `apiErrors.code.${code}`)).toMatch(/[\u4e00-\u9fff]/)
      expect(translate(en, `apiErrors.code.${code}`)).not.toBe(`apiErrors.code.${code}`)
    }
    expect(
      describeError(http(422, { error: 'An active outlet needs a licence number', code: 'licence_required' }), t),
    ).toBe('经营中的网点须填写许可证编号（服务器说明：An active outlet needs a licence number）')
    expect(
      describeError(http(400, { details: { issues: [{ path: 'floor_area_m2' }, { path: 'licence_no' }] } }), t),
    ).toBe('以下内容有误：营业面积、许可证编号')
  })

  test('400 names the invalid fields it has labels for, once each', () => {
    const error = http(400, {
      error: 'inspected_on: Invalid date; hazards.0.description: Too small; hazards.1.description: Too small',
      details: {
        issues: [
          { path: 'inspected_on', message: 'Invalid ISO date' },
          { path: 'hazards.0.description', message: 'Too small' },
          { path: 'hazards.1.description', message: 'Too small' },
          { path: 'mystery_field', message: 'Unrecognized' },
        ],
      },
    })
    expect(describeError(error, t)).toBe('以下内容有误：检查日期、隐患描述')
    expect(describeError(error, tEn)).toBe('Please check: inspection date, hazard description')
    expect(describeError(http(400, { details: { issues: [{ path: 'mystery' }] } }), t)).toBe(
      '提交的内容有误，请检查后重试',
    )
  })

  test('422 keeps the server’s words as a secondary detail', () => {
    const error = http(422, { error: 'The planned inspection is already done' })
    expect(describeErrorParts(error, t)).toEqual({
      text: '此操作未被接受',
      detail: '服务器说明：The planned inspection is already done',
    })
    expect(describeError(error, t)).toBe('此操作未被接受（服务器说明：The planned inspection is already done）')
  })

  test('429 says how long to wait, from Retry-After, else from the message', () => {
    expect(describeError(http(429, { error: 'Too many' }, { 'retry-after': '540' }), t)).toBe(
      '尝试过多，请 540 秒后再试',
    )
    expect(describeError(http(429, { error: 'Too many failed log-ins; try again in 30 s' }), t)).toBe(
      '尝试过多，请 30 秒后再试',
    )
  })

  test('an unexpected status still gets a Chinese sentence, with the server’s words as detail', () => {
    expect(describeError(http(418, { error: 'Teapot' }), t)).toBe(
      '请求未成功（HTTP 418），内容未丢失（服务器说明：Teapot）',
    )
  })
})
