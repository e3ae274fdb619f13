import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'

/**
 * DESIGN §4 web routes. The overview layout holds the map; its children are the panels beside it,
 * so moving between the overview and an enterprise record keeps the map. /wall is the
 * command-center wall display: full screen, without the app's header (meta.bare). Later views
 * (/grid/:code, /fireworks, /import, /login) are added here.
 */
export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: () => import('./views/OverviewLayout.vue'),
    children: [
      { path: '', name: 'overview', component: () => import('./views/OverviewDetails.vue') },
      {
        path: 'enterprises/:id',
        name: 'enterprise',
        component: () => import('./views/EnterpriseRecord.vue'),
        props: true,
      },
    ],
  },
  { path: '/wall', name: 'wall', component: () => import('./views/wall/WallView.vue'), meta: { bare: true } },
  { path: '/:pathMatch(.*)*', redirect: { name: 'overview' } },
]

export function createAppRouter() {
  return createRouter({ history: createWebHistory(), routes })
}
