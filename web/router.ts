import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type RouteRecordRaw,
} from 'vue-router'
import { useAuthStore } from './stores/auth.ts'

/**
 * DESIGN §4 web routes. The overview layout holds the map; its children are the panels beside it,
 * so moving between the overview and an enterprise record keeps the map. /wall is the
 * command-center wall display: full screen, without the app's header (meta.bare), as is the
 * planner's print page. /import and /settings are the county's own data and rules (issue 12).
 */
export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./features/login/LoginView.vue'), meta: { public: true } },
  { path: '/grid', name: 'grid-picker', component: () => import('./features/grid/GridPicker.vue') },
  { path: '/grid/:code', name: 'grid', component: () => import('./features/grid/GridOfficerView.vue'), props: true },
  {
    path: '/',
    component: () => import('./features/overview/OverviewLayout.vue'),
    children: [
      { path: '', name: 'overview', component: () => import('./features/overview/OverviewDetails.vue') },
      {
        path: 'enterprises/:id',
        name: 'enterprise',
        component: () => import('./features/record/EnterpriseRecord.vue'),
        props: true,
      },
    ],
  },
  {
    path: '/enterprises',
    name: 'enterprises',
    component: () => import('./features/ledgers/LedgerView.vue'),
    props: { name: 'enterprises' },
  },
  {
    path: '/hazards',
    name: 'hazards',
    component: () => import('./features/ledgers/LedgerView.vue'),
    props: { name: 'hazards' },
  },
  { path: '/draws', name: 'draws', component: () => import('./features/draws/DrawsView.vue') },
  { path: '/draws/:id', name: 'draw', component: () => import('./features/draws/DrawsView.vue'), props: true },
  {
    path: '/registers/:register?',
    name: 'registers',
    component: () => import('./features/registers/RegistersView.vue'),
  },
  { path: '/admin', name: 'admin', component: () => import('./features/admin/AdminView.vue') },
  { path: '/import', name: 'import', component: () => import('./features/imports/ImportView.vue') },
  { path: '/settings', name: 'settings', component: () => import('./features/settings/SettingsView.vue') },
  {
    path: '/fireworks',
    name: 'fireworks',
    component: () => import('./features/fireworks/FireworksView.vue'),
  },
  {
    path: '/fireworks/print',
    name: 'fireworks-print',
    component: () => import('./features/fireworks/FireworksPrint.vue'),
    meta: { bare: true },
  },
  { path: '/wall', name: 'wall', component: () => import('./features/wall/WallView.vue'), meta: { bare: true } },
  { path: '/:pathMatch(.*)*', redirect: { name: 'overview' } },
]

/** A `next` query value is followed only to a path of this app, never to another site. */
export function safeNext(next: unknown): string | null {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login')
    ? next
    : null
}

type Auth = Pick<ReturnType<typeof useAuthStore>, 'status' | 'hasToken' | 'home' | 'check'>

/**
 * DESIGN §6: an anonymous visitor is sent to /login?next=<where they were going>; a logged-in one
 * who opens /login goes on. A page opened with an API token (?token=, a wall display) never shows
 * the log-in form: the view says when the token is refused.
 */
export async function authGuard(to: RouteLocationNormalized, auth: Auth): Promise<true | RouteLocationRaw> {
  await auth.check()
  if (to.meta.public) {
    if (auth.status === 'authenticated') return safeNext(to.query.next) ?? auth.home
    return true
  }
  if (auth.status === 'anonymous' && !auth.hasToken) return { name: 'login', query: { next: to.fullPath } }
  return true
}

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes })
  router.beforeEach((to) => authGuard(to, useAuthStore()))
  return router
}
