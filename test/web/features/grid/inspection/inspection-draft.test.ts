import { describe, expect, test } from 'vitest'
import { HttpError } from '../../../../../web/api/client.ts'
import {
  clearDraft,
  draftKey,
  emptyDraft,
  loadDraft,
  saveDraft,
  serverFieldErrors,
  splitInspectors,
  toBody,
  validateDraft,
  type InspectionDraft,
} from '../../../../../web/features/grid/inspection/inspection-draft.ts'
import { translate, type MessageKey } from '../../../../../web/i18n/messages.ts'
import { zhCN } from '../../../../../web/i18n/zh-CN.ts'
import type { FieldErrors } from '../../../../../web/features/grid/inspection/inspection-draft.ts'

const today = '2026-10-15'
const t = (key: MessageKey, params?: Record<string, string | number>) => translate(zhCN, key, params)
const inChinese = (errors: FieldErrors) =>
  Object.fromEntries(
    Object.entries(errors).map(([field, e]) => [field, 'text' in e ? e.text : translate(zhCN, e.key, e.params)]),
  )

function memoryStorage() {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  }
}

const filled: InspectionDraft = {
  enterprise_id: 42,
  kind: 'unannounced',
  inspected_on: today,
  inspectors: '王明、李强, 张伟',
  findings: '  配电室堆放杂物 ',
  hazards: [{ level: 'major', description: ' 液氨管道腐蚀 ', category: '', deadline: '2026-10-29' }],
}

describe('the inspection draft', () => {
  test('explains every rule in Chinese, next to its field', () => {
    const draft: InspectionDraft = {
      ...emptyDraft(today),
      inspected_on: '2026-10-16',
      hazards: [{ level: 'general', description: ' ', category: '', deadline: '2026-10-01' }],
    }
    expect(inChinese(validateDraft(draft, today))).toEqual({
      enterprise_id: '请选择被检查的企业',
      inspected_on: '检查日期不能晚于今天（2026-10-15）',
      inspectors: '请至少填写一名检查人员',
      'hazards.0.description': '请填写隐患描述',
      'hazards.0.deadline': '整改期限不能早于检查日期',
    })
    expect(validateDraft(filled, today)).toEqual({})
  })

  test('becomes the body POST /api/inspections takes', () => {
    expect(splitInspectors('王明、李强，张伟 ; 赵六')).toEqual(['王明', '李强', '张伟', '赵六'])
    expect(toBody(filled)).toEqual({
      enterprise_id: 42,
      kind: 'unannounced',
      inspected_on: today,
      inspectors: ['王明', '李强', '张伟'],
      findings: '配电室堆放杂物',
      hazards: [{ level: 'major', description: '液氨管道腐蚀', deadline: '2026-10-29' }],
    })
  })

  test('is kept per grid until cleared, and a damaged one is ignored', () => {
    const storage = memoryStorage()
    saveDraft(storage, '320924100001', filled)
    expect(draftKey('320924100001')).toBe('sheyang.inspection-draft.320924100001')
    expect(loadDraft(storage, '320924100001')).toEqual(filled)
    expect(loadDraft(storage, '320924100002')).toBe(null)
    clearDraft(storage, '320924100001')
    expect(storage.items.size).toBe(0)
    storage.setItem(draftKey('320924100001'), '{not json')
    expect(loadDraft(storage, '320924100001')).toBe(null)
  })

  test('puts the server’s 4xx answers next to the right field', () => {
    const issues = new HttpError(400, {
      error: 'inspectors: Too small; hazards.0.category: Too big',
      details: {
        issues: [
          { path: 'inspectors', message: 'Too small: expected array to have >=1 items' },
          { path: 'hazards.0.category', message: 'Too big: expected string to have <=100 characters' },
        ],
      },
    })
    expect(inChinese(serverFieldErrors(issues, t))).toEqual({
      inspectors: '此项未被服务器接受（服务器说明：Too small: expected array to have >=1 items）',
      'hazards.0.category': '此项未被服务器接受（服务器说明：Too big: expected string to have <=100 characters）',
    })
    const future = new HttpError(422, { error: 'inspected_on 2026-10-16 is in the future (today is 2026-10-15)' })
    expect(inChinese(serverFieldErrors(future, t))).toEqual({
      inspected_on: '此项未被服务器接受（服务器说明：inspected_on 2026-10-16 is in the future (today is 2026-10-15)）',
    })
    const deadline = new HttpError(422, {
      error: 'hazards.1.deadline 2026-10-01 is before the inspection (2026-10-15)',
    })
    expect(Object.keys(serverFieldErrors(deadline, t))).toEqual(['hazards.1.deadline'])
    expect(inChinese(serverFieldErrors(new HttpError(404, { error: 'No enterprise 9' }), t))).toEqual({
      enterprise_id: '该企业不存在或不在您的管辖范围内',
    })
  })

  test('a refused photo names its hazard: too many files, too large, too many pixels', () => {
    const tooMany = new HttpError(413, {
      error: 'hazards.1.photos: more than 9 files; at most 9 photos are kept per hazard and stage',
      code: 'too_many_files',
      details: { limit: 9, name: 'hazards.1.photos' },
    })
    expect(inChinese(serverFieldErrors(tooMany, t))).toEqual({ 'hazards.1.photos': '照片过多：每条隐患最多 9 张' })
    const tooLarge = new HttpError(413, {
      error: 'The request is larger than 41943040 bytes (40 MB); send fewer photos at a time, each at most 10 MB',
      code: 'payload_too_large',
    })
    expect(inChinese(serverFieldErrors(tooLarge, t))).toEqual({
      form: '有照片过大（单张不超过 10 MB，一次共不超过 40 MB），请移除部分照片后重试',
    })
    const budget = new HttpError(413, {
      error: 'The photos of this request have 1764000000 pixels together; a request may have at most 200000000',
      code: 'pixel_budget',
    })
    expect(inChinese(serverFieldErrors(budget, t))).toEqual({
      form: '照片总像素过多（一次最多 2 亿像素），请分次提交或缩小照片',
    })
  })

  test('what names no field is explained in Chinese under `form`', () => {
    const readOnly = new HttpError(403, { error: 'The viewer role is read-only', code: 'viewer_read_only' })
    expect(inChinese(serverFieldErrors(readOnly, t))).toEqual({ form: '只读用户不能修改数据' })
    expect(inChinese(serverFieldErrors(new HttpError(403, { error: 'Only grid users inspect' }), t))).toEqual({
      form: '无权执行此操作',
    })
    const unnamed = new HttpError(400, {
      error: 'client_request_id: Too big',
      details: {
        issues: [{ path: 'client_request_id', message: 'Too big: expected string to have <=100 characters' }],
      },
    })
    expect(inChinese(serverFieldErrors(unnamed, t))).toEqual({ form: '以下内容有误：提交编号' })
    expect(inChinese(serverFieldErrors(new HttpError(429, { error: 'Too many requests; retry in 20 s' }), t))).toEqual({
      form: '尝试过多，请 20 秒后再试',
    })
  })
})
