// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import DrawForm from '../../../../web/features/draws/DrawForm.vue'

const towns = [
  { code: '320924100', name: '合德镇', candidates: 40 },
  { code: '320924101', name: '临海镇', candidates: 12 },
]
const inspectors = [
  { id: 2, display_name: '射阳县应急管理局', role: 'county', town_code: null, town_name: null },
  { id: 3, display_name: '合德镇安监办', role: 'town', town_code: '320924100', town_name: '合德镇' },
]
type Sent = { url: string; body: unknown }

/** The server of the form: counts, people, and a POST answered by `answer`. */
function server(answer: (body: Record<string, unknown>) => Response) {
  const sent: Sent[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const path = new URL(url, 'http://x').pathname
    const query = new URL(url, 'http://x').searchParams
    if (init.method === 'POST') {
      const body = JSON.parse(String(init.body)) as Record<string, unknown>
      sent.push({ url: path, body })
      return answer(body)
    }
    if (path === '/api/draws/candidates') {
      const chosen = query.get('town_code')?.split(',') ?? towns.map((t) => t.code)
      const candidates = towns.filter((t) => chosen.includes(t.code)).reduce((sum, t) => sum + t.candidates, 0)
      return Response.json({ today: '2026-10-15', candidates, towns })
    }
    if (path === '/api/draws/inspectors') return Response.json({ inspectors })
    return Response.json({ error: 'unexpected' }, { status: 404 })
  })
  return sent
}

const text = (wrapper: ReturnType<typeof mount>, test: string) => wrapper.find(`[data-test=${test}]`).text()

describe('DrawForm', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    sessionStorage.clear()
  })
  afterEach(() => vi.unstubAllGlobals())

  test('counts the candidates live and explains in Chinese what is wrong, sending nothing', async () => {
    const sent = server(() => Response.json({}, { status: 500 }))
    const wrapper = mount(DrawForm)
    await flushPromises()
    expect(text(wrapper, 'draw-candidates')).toBe('符合条件的在营企业：52 家')
    await wrapper.find('[data-test=draw-town-320924101]').setValue(true)
    await flushPromises()
    expect(wrapper.find('[data-test=draw-candidates] strong').text()).toBe('符合条件的在营企业：12 家')
    await wrapper.find('[data-test=draw-n]').setValue('13')
    await wrapper.find('[data-test=draw-m]').setValue('2')
    await wrapper.find('[data-test=draw-date]').setValue('2026-10-14')
    await wrapper.find('form').trigger('submit')
    expect(text(wrapper, 'error-enterprises')).toBe('符合条件的企业只有 12 家，无法抽取 13 家')
    expect(text(wrapper, 'error-inspectors')).toBe('请至少选择或添加一名检查人员')
    expect(text(wrapper, 'error-plannedOn')).toBe('计划检查日期不能早于今天（2026-10-15）')
    expect(text(wrapper, 'draw-error')).toBe('请先修正标红的项目')
    // One person chosen from the list: M = 2 is now too many for the list.
    await wrapper.findAll('[data-test=inspector-option]')[1]!.setValue(true)
    await flushPromises()
    expect(text(wrapper, 'error-perEnterprise')).toBe('每家企业需要 2 名检查人员，但名单中只有 1 人')
    expect(wrapper.find('[data-test=error-inspectors]').exists()).toBe(false)
    expect(sent).toEqual([])
    // Nothing typed is lost.
    expect((wrapper.find('[data-test=draw-n]').element as HTMLInputElement).value).toBe('13')
    expect(JSON.parse(sessionStorage.getItem('sheyang.draw-draft')!)).toMatchObject({
      towns: ['320924101'],
      inspectors: ['合德镇安监办'],
      enterprises: '13',
    })
  })

  test('restates the draw before it is made; a 422 comes back in Chinese on its field, keeping the input', async () => {
    let refuse = true
    const sent = server((body) =>
      refuse
        ? Response.json(
            { error: 'Only 10 enterprises match the filters; cannot draw 12', details: { candidates: 10 } },
            { status: 422 },
          )
        : Response.json({ id: 9, ...body, picks: [] }, { status: 201 }),
    )
    const wrapper = mount(DrawForm)
    await flushPromises()
    await wrapper.find('[data-test=draw-town-320924101]').setValue(true)
    await wrapper.find('[data-test=draw-risk-major]').trigger('click')
    await wrapper.find('[data-test=inspector-typed]').setValue('外聘专家 张工、李强')
    await wrapper.find('[data-test=inspector-add-typed]').trigger('click')
    await wrapper.find('[data-test=draw-n]').setValue('12')
    await wrapper.find('[data-test=draw-m]').setValue('2')
    await wrapper.find('[data-test=draw-seed]').setValue('射阳-2026-10')
    await flushPromises()
    await wrapper.find('form').trigger('submit')
    expect(text(wrapper, 'draw-confirm-text')).toBe(
      '将从 12 家企业中随机抽取 12 家，每家随机安排 2 名检查人员（名单共 2 人），计划检查日期 2026-10-15。',
    )
    expect(wrapper.find('[data-test=draw-confirm]').text()).toContain('抽取范围：临海镇；重大风险')
    expect(wrapper.find('[data-test=draw-confirm]').text()).toContain('随机种子：射阳-2026-10')
    await wrapper.find('[data-test=draw-confirm-button]').trigger('click')
    await flushPromises()
    expect(sent[0]!.body).toEqual({
      filters: { town_code: ['320924101'], risk_level: ['major'] },
      inspectors: ['外聘专家 张工', '李强'],
      enterprises: 12,
      inspectors_per_enterprise: 2,
      seed: '射阳-2026-10',
      planned_on: '2026-10-15',
    })
    expect(text(wrapper, 'error-enterprises')).toBe(
      '服务器上符合条件的企业只有 10 家，无法抽取 12 家（企业信息可能刚有变化），请调整后重试',
    )
    expect((wrapper.find('[data-test=draw-seed]').element as HTMLInputElement).value).toBe('射阳-2026-10')

    refuse = false
    await wrapper.find('[data-test=draw-n]').setValue('10')
    await wrapper.find('form').trigger('submit')
    await wrapper.find('[data-test=draw-confirm-button]').trigger('click')
    await flushPromises()
    expect(wrapper.emitted('drawn')?.[0]?.[0]).toMatchObject({ id: 9, enterprises: 10 })
    expect(sessionStorage.getItem('sheyang.draw-draft')).not.toContain('射阳-2026-10')
  })
})
