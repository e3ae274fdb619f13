// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { Hazard, PhotoMeta } from '../../../../../web/api/hazards.ts'
import HazardPanel from '../../../../../web/features/grid/hazard/HazardPanel.vue'
import { useAuthStore } from '../../../../../web/stores/auth.ts'

const hazard: Hazard = {
  id: 3806,
  enterprise_id: 42,
  inspection_id: null,
  town_code: '320924100',
  grid_code: '320924100001',
  level: 'general',
  status: 'rectifying',
  category: null,
  description: '配电柜前堆放纸箱',
  found_on: '2026-10-01',
  found_by: '王明',
  reported_by_user_id: 7,
  deadline: '2026-10-29',
  closed_on: null,
  escalation_level: 0,
  listed_by_level: null,
  listed_by_unit: null,
  listing_round: null,
  listed_on: null,
  listing_deadline: null,
  extension_requested_on: null,
  extension_deadline: null,
  extension_approved_on: null,
  delisted_on: null,
  rectification_cost_yuan: null,
  created_at: '2026-10-01T02:00:00.000Z',
  updated_at: '2026-10-08T02:00:00.000Z',
  version: 3,
  overdue: false,
  days_overdue: 0,
  actions: ['transition:awaiting_recheck', 'photo_add'],
}
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const props = { hazardId: 3806, enterpriseName: '射阳县恒盛商贸有限公司', today: '2026-10-15' }

/** The hazard reads fine; every write gets `answer`. */
function server(answer: () => Response) {
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) =>
    init.method === 'POST' && url.startsWith('/api/hazards/3806/')
      ? answer()
      : json(200, { hazard: { ...hazard, photos: [] }, next: ['awaiting_recheck'] }),
  )
}

async function step(answer: () => Response) {
  server(answer)
  const wrapper = mount(HazardPanel, { props })
  await flushPromises()
  await wrapper.find('[data-test=transition-awaiting_recheck]').trigger('click')
  await flushPromises()
  return wrapper
}

/** User 7, a grid officer (the hazard's reporter), logged in with a session. */
function logInAsOfficer() {
  setActivePinia(createPinia())
  useAuthStore().set({
    user: {
      id: 7,
      username: 'grid-320924100001',
      display_name: '网格员',
      role: 'grid',
      town_code: null,
      grid_codes: [],
    },
    via: 'session',
  } as never)
}

describe('HazardPanel explains refusals in Chinese', () => {
  beforeEach(logInAsOfficer)
  afterEach(() => vi.unstubAllGlobals())

  test('a 422 says the step was not accepted, with the server’s words only as the smaller detail', async () => {
    const wrapper = await step(() =>
      json(422, { error: 'Only the step to assigned sets a deadline; an extension moves a listed one' }),
    )
    expect(wrapper.find('[data-test=hazard-result]').text()).toBe('操作被拒绝：此操作未被接受')
    expect(wrapper.find('[data-test=hazard-result-detail]').text()).toBe(
      '服务器说明：Only the step to assigned sets a deadline; an extension moves a listed one',
    )
  })

  test('a refusal by code (a read-only user) is explained by the code, without English', async () => {
    const wrapper = await step(() => json(403, { error: 'The viewer role is read-only', code: 'viewer_read_only' }))
    expect(wrapper.find('[data-test=hazard-result]').text()).toBe('只读用户不能修改数据')
    expect(wrapper.find('[data-test=hazard-result-detail]').exists()).toBe(false)
  })

  test('a closed-loop rule refused by role is named by its code; an uncoded 403 keeps the server’s reason as detail', async () => {
    const byCode = await step(() =>
      json(403, {
        error: 'The user who reported a hazard may not re-check or close it',
        code: 'own_report_recheck',
        details: { from: 'awaiting_recheck', to: 'closed', allowed: ['closed', 'rectifying'] },
      }),
    )
    expect(byCode.find('[data-test=hazard-result]').text()).toBe('隐患的上报人不能复查或销号自己上报的隐患')
    expect(byCode.find('[data-test=hazard-result-detail]').exists()).toBe(false)
    const uncoded = await step(() => json(403, { error: 'Listing of a county-listed hazard is for county users' }))
    expect(uncoded.find('[data-test=hazard-result]').text()).toBe('无权执行此操作')
    expect(uncoded.find('[data-test=hazard-result-detail]').text()).toBe(
      '服务器说明：Listing of a county-listed hazard is for county users',
    )
  })

  test('a 500 says nothing was saved, in Chinese', async () => {
    const wrapper = await step(() => json(500, { error: 'Internal server error', code: 'internal' }))
    expect(wrapper.find('[data-test=hazard-result]').text()).toBe('无法连接服务器，请检查网络后重试')
    expect(wrapper.text()).not.toContain('Internal server error')
  })

  test('the closed loop’s own rule stays the specific message', async () => {
    const wrapper = await step(() =>
      json(422, {
        error: 'A hazard in awaiting_recheck cannot go to awaiting_recheck',
        details: { from: 'awaiting_recheck', to: 'awaiting_recheck', allowed: ['closed', 'rectifying'] },
      }),
    )
    expect(wrapper.find('[data-test=hazard-result]').text()).toBe(
      '操作被拒绝：隐患不能从“待复查”改为“待复查”，闭环的下一步只能是：已销号、整改中',
    )
    expect(wrapper.find('[data-test=hazard-result-detail]').exists()).toBe(false)
  })

  test('a hazard that cannot be read says why in Chinese', async () => {
    vi.stubGlobal('fetch', async () => json(404, { error: 'No hazard 3806', code: 'not_found' }))
    const wrapper = mount(HazardPanel, { props })
    await flushPromises()
    expect(wrapper.find('.error').text()).toBe('未找到，或不在您的管辖范围内')
  })
})

type Answer = Partial<Hazard> & { photos?: PhotoMeta[] }

/** GET answers `answers[n]` for the n-th read (the last one from then on); DELETE answers 204. */
function reads(...answers: Answer[]) {
  const requests: string[] = []
  let n = 0
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET'
    requests.push(`${method} ${url}`)
    if (method === 'DELETE') return new Response(null, { status: 204 })
    const { photos = [], ...patch } = answers[Math.min(n++, answers.length - 1)]!
    return json(200, { hazard: { ...hazard, ...patch, photos }, next: [] })
  })
  return requests
}

async function open(...answers: Answer[]) {
  const requests = reads(...answers)
  const wrapper = mount(HazardPanel, { props })
  await flushPromises()
  return { wrapper, requests }
}

/** The controls that act on the hazard, in page order. */
const controls = (wrapper: ReturnType<typeof mount>) =>
  wrapper
    .findAll('[data-test]')
    .map((node) => node.attributes('data-test')!)
    .filter((name) =>
      /^(transition-|listing-submit|delist|extension-(submit|approve|reject)|hazard-photo-add-|hazard-no-actions)/.test(
        name,
      ),
    )

const photo = (id: number, uploadedBy: number): PhotoMeta => ({
  id,
  stage: 'found',
  width: 1600,
  height: 1067,
  uploaded_by_user_id: uploadedBy,
})

describe('HazardPanel shows exactly the actions the server lists', () => {
  // A grid officer: the page must not offer anything on the strength of the role alone.
  beforeEach(logInAsOfficer)
  afterEach(() => vi.unstubAllGlobals())

  test('a rectifying hazard with actions [transition:awaiting_recheck, photo_add] offers the re-check and the photo buttons only', async () => {
    const { wrapper } = await open({})
    expect(controls(wrapper)).toEqual([
      'hazard-photo-add-found',
      'hazard-photo-add-rectified',
      'transition-awaiting_recheck',
    ])
  })

  test('an empty action list (a viewer, a kiosk, someone else’s grid) shows no button, and says so', async () => {
    const { wrapper } = await open({ actions: [] })
    expect(controls(wrapper)).toEqual(['hazard-no-actions'])
    expect(wrapper.find('[data-test=hazard-no-actions]').text()).toBe('您的角色当前没有可执行的操作')
  })

  test('a listed major hazard awaiting re-check with a pending extension offers the listing authority’s decision', async () => {
    const { wrapper } = await open({
      level: 'major',
      status: 'awaiting_recheck',
      listed_by_level: 'town',
      listed_on: '2026-09-01',
      extension_requested_on: '2026-10-10',
      extension_deadline: '2026-12-31',
      actions: ['transition:closed', 'transition:rectifying', 'extension_decide'],
    })
    expect(controls(wrapper)).toEqual([
      'transition-closed',
      'transition-rectifying',
      'extension-approve',
      'extension-reject',
    ])
  })

  test.each([
    [['listing'], ['listing-submit']],
    [['extension_request'], ['extension-submit']],
    [['delist'], ['delist']],
  ] as const)('actions %j show %j and nothing else', async (actions, shown) => {
    const { wrapper } = await open({ level: 'major', actions: [...actions] })
    expect(controls(wrapper)).toEqual(shown)
  })

  test('an uploader sees delete on their photo only when photo_delete:<id> is listed', async () => {
    const { wrapper } = await open({ photos: [photo(11, 7), photo(12, 8)], actions: ['photo_add', 'photo_delete:11'] })
    await wrapper.find('[data-test=hazard-photo-11]').trigger('click')
    expect(wrapper.find('[data-test=hazard-photo-delete]').exists()).toBe(true)
    await wrapper.find('[data-test=hazard-photo-close]').trigger('click')
    await wrapper.find('[data-test=hazard-photo-12]').trigger('click')
    expect(wrapper.find('[data-test=hazard-photo-enlarged]').exists()).toBe(true)
    expect(wrapper.find('[data-test=hazard-photo-delete]').exists()).toBe(false)
  })

  test('the uploader’s own photo has no delete when the server does not list it (e.g. the hazard is closed)', async () => {
    const { wrapper } = await open({ status: 'closed', photos: [photo(11, 7)], actions: [] })
    await wrapper.find('[data-test=hazard-photo-11]').trigger('click')
    expect(wrapper.find('[data-test=hazard-photo-delete]').exists()).toBe(false)
  })

  test('removing a photo reads the hazard again, so the buttons follow the server’s new actions', async () => {
    const { wrapper, requests } = await open(
      { photos: [photo(11, 7), photo(12, 8)], actions: ['photo_add', 'photo_delete:11'] },
      { photos: [photo(12, 8)], actions: [] },
    )
    await wrapper.find('[data-test=hazard-photo-11]').trigger('click')
    await wrapper.find('[data-test=hazard-photo-delete]').trigger('click')
    await flushPromises()
    expect(requests).toEqual(['GET /api/hazards/3806', 'DELETE /api/hazards/3806/photos/11', 'GET /api/hazards/3806'])
    expect(wrapper.findAll('[data-test^=hazard-photo-1]').map((n) => n.attributes('data-test'))).toEqual([
      'hazard-photo-12',
    ])
    expect(controls(wrapper)).toEqual(['hazard-no-actions'])
  })

  test('overdue and its days are the answer’s, not worked out from the deadline', async () => {
    const late = await open({ deadline: '2026-10-29', overdue: true, days_overdue: 4 })
    expect(late.wrapper.find('[data-test=hazard-panel-overdue]').text()).toBe('逾期 4 天')
    const onTime = await open({ deadline: '2026-10-01', overdue: false, days_overdue: 0 })
    expect(onTime.wrapper.find('[data-test=hazard-panel-overdue]').exists()).toBe(false)
  })
})
