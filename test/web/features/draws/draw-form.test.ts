import { describe, expect, test } from 'vitest'
import { HttpError, UnreachableError } from '../../../../web/api/client.ts'
import type { Draw } from '../../../../web/api/draws.ts'
import { csvCell, drawCsv, toCsv } from '../../../../web/features/draws/draw-csv.ts'
import {
  drawBody,
  drawFailure,
  emptyDrawDraft,
  splitNames,
  validateDraw,
} from '../../../../web/features/draws/draw-form.ts'
import type { MessageKey } from '../../../../web/i18n/messages.ts'
import { translate } from '../../../../web/i18n/messages.ts'
import { zhCN } from '../../../../web/i18n/zh-CN.ts'

const today = '2026-10-15'
const valid = {
  ...emptyDrawDraft(today),
  towns: ['320924100'],
  risks: ['major' as const, 'high' as const],
  inspectors: ['张伟', '王芳', '李强'],
  enterprises: '5',
  perEnterprise: '2',
  plannedOn: '2026-10-20',
}

describe('validateDraw', () => {
  test('a complete draft within the candidates passes', () => {
    expect(validateDraw(valid, { today, candidates: 40 })).toEqual({})
  })

  test('more enterprises than candidates, more per enterprise than people, a past date', () => {
    expect(
      validateDraw(
        { ...valid, enterprises: '41', perEnterprise: '4', plannedOn: '2026-10-14' },
        { today, candidates: 40 },
      ),
    ).toEqual({
      enterprises: { key: 'draws.errors.enterprisesTooMany', params: { n: 41, candidates: 40 } },
      perEnterprise: { key: 'draws.errors.perEnterpriseTooMany', params: { m: 4, people: 3 } },
      plannedOn: { key: 'draws.errors.datePast', params: { today } },
    })
  })

  test('empty, non-numeric and out-of-range numbers; no inspectors; no candidates', () => {
    expect(
      validateDraw(
        { ...valid, enterprises: '', perEnterprise: '', inspectors: [], plannedOn: '' },
        { today, candidates: 0 },
      ),
    ).toEqual({
      towns: { key: 'draws.errors.noCandidates' },
      enterprises: { key: 'draws.errors.enterprisesRequired' },
      inspectors: { key: 'draws.errors.inspectorsRequired' },
      perEnterprise: { key: 'draws.errors.perEnterpriseRequired' },
      plannedOn: { key: 'draws.errors.dateRequired' },
    })
    const odd = validateDraw(
      { ...valid, enterprises: '2.5', perEnterprise: '11', plannedOn: '2026-02-30x', seed: 'x'.repeat(201) },
      { today, candidates: 40 },
    )
    expect(odd).toEqual({
      enterprises: { key: 'draws.errors.enterprisesRange', params: { max: 1000 } },
      perEnterprise: { key: 'draws.errors.perEnterpriseRange', params: { max: 10 } },
      plannedOn: { key: 'draws.errors.dateInvalid' },
      seed: { key: 'draws.errors.seedTooLong', params: { max: 200 } },
    })
    expect(validateDraw({ ...valid, enterprises: '0' }, { today, candidates: 40 }).enterprises).toEqual({
      key: 'draws.errors.enterprisesRange',
      params: { max: 1000 },
    })
  })

  test('while the count is unknown, N is not compared with it', () => {
    expect(validateDraw({ ...valid, enterprises: '999' }, { today, candidates: null })).toEqual({})
  })

  test('duplicate names count once', () => {
    expect(
      validateDraw({ ...valid, inspectors: ['张伟', '张伟 '], perEnterprise: '2' }, { today, candidates: 40 }),
    ).toEqual({
      perEnterprise: { key: 'draws.errors.perEnterpriseTooMany', params: { m: 2, people: 1 } },
    })
  })
})

describe('drawBody', () => {
  test('sends only the filters set, numbers as numbers, names once, and no empty seed or name', () => {
    expect(drawBody({ ...valid, inspectors: ['张伟', ' 王芳', '张伟'], name: '  ', seed: ' ' })).toEqual({
      filters: { town_code: ['320924100'], risk_level: ['major', 'high'] },
      inspectors: ['张伟', '王芳'],
      enterprises: 5,
      inspectors_per_enterprise: 2,
      planned_on: '2026-10-20',
    })
    expect(drawBody({ ...valid, name: '第四批', seed: '射阳-2026' })).toMatchObject({
      name: '第四批',
      seed: '射阳-2026',
    })
  })

  test('splitNames keeps a space inside a name (外聘专家 张工)', () => {
    expect(splitNames('外聘专家 张工、李强，王芳;\n赵敏')).toEqual(['外聘专家 张工', '李强', '王芳', '赵敏'])
  })
})

describe('drawFailure', () => {
  const refused = (status: number, error: string, more: object = {}) => new HttpError(status, { error, ...more })
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(zhCN, key, params)
  test('maps the server’s 4xx answers to the field they concern', () => {
    expect(drawFailure(refused(422, 'Only 3 enterprises match the filters; cannot draw 5'), t)).toEqual({
      enterprises: { key: 'draws.errors.serverTooMany', params: { candidates: 3, n: 5 } },
    })
    expect(drawFailure(refused(422, 'inspectors_per_enterprise (2) exceeds the 1 inspectors listed'), t)).toEqual({
      perEnterprise: { key: 'draws.errors.perEnterpriseTooMany', params: { m: '2', people: '1' } },
    })
    expect(drawFailure(refused(422, 'planned_on 2026-10-01 is before today (2026-10-15)'), t)).toEqual({
      plannedOn: { key: 'draws.errors.datePast', params: { today: '2026-10-15' } },
    })
    expect(drawFailure(refused(403, '双随机 draws is for admin, county users; you are town'), t)).toEqual({
      form: { key: 'draws.errors.forbidden' },
    })
    expect(drawFailure(refused(401, 'Session expired; log in again'), t)).toEqual({
      form: { key: 'draws.errors.loggedOut' },
    })
    expect(drawFailure(new UnreachableError('Failed to fetch'), t)).toEqual({
      form: { key: 'draws.errors.unreachable' },
    })
  })

  test('explains what it does not map in Chinese, naming the fields a 400 lists', () => {
    const issues = { details: { issues: [{ path: 'inspectors_per_enterprise' }, { path: 'filters.sector.0' }] } }
    expect(drawFailure(refused(400, 'inspectors_per_enterprise: Too big', issues), t)).toEqual({
      form: { text: '以下内容有误：每家企业检查人员数、行业' },
    })
    expect(drawFailure(refused(422, 'Something new'), t)).toEqual({
      form: { text: '此操作未被接受（服务器说明：Something new）' },
    })
    expect(drawFailure(refused(429, 'Too many draws; try again in 30 s'), t)).toEqual({
      form: { text: '尝试过多，请 30 秒后再试' },
    })
  })
})

describe('the 公示 CSV', () => {
  test('quotes what needs quoting and never lets a cell run as a formula', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)")
    expect(csvCell('-abc')).toBe("'-abc")
    expect(csvCell(null)).toBe('')
    expect(toCsv([['企业', 1]])).toBe('\uFEFF企业,1\r\n')
  })

  test('lists the draw’s facts, then one row per pick', () => {
    const draw = {
      id: 7,
      name: '第四批',
      seed: 'abc',
      planned_on: '2026-10-20',
      drawn_at: '2026-10-15T01:02:00.000Z',
      drawn_by: '射阳县应急管理局',
      candidates: 40,
      picks: [
        {
          enterprise_id: 3,
          name: '射阳县恒盛商贸有限公司',
          town_name: '合德镇',
          grid_name: '城南社区网格',
          risk_level: 'high',
          sector: 'commerce',
          inspectors: ['张伟', '王芳'],
        },
      ],
    } as unknown as Draw
    const lines = drawCsv(
      draw,
      (key) => key.split('.').pop()!,
      (prefix, value) => `${prefix}:${value}`,
    )
      .slice(1)
      .split('\r\n')
    expect(lines[0]).toBe('name,第四批')
    expect(lines[4]).toBe('seed,abc')
    expect(lines[7]).toBe('')
    expect(lines[8]).toBe('index,enterprise,town,grid,risk,sector,inspectors')
    expect(lines[9]).toBe('1,射阳县恒盛商贸有限公司,合德镇,城南社区网格,risk:high,sector:commerce,张伟、王芳')
  })
})
