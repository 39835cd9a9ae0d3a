import { ElMessage } from 'element-plus';
import { createRouter, createWebHashHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router';
import { i18n } from './i18n';
import LiveFloor from './pages/LiveFloor.vue';
import MonthEnd from './pages/MonthEnd.vue';
import NotFoundPage from './pages/NotFoundPage.vue';
import PlannerPage from './pages/planner/PlannerPage.vue';
import { type RouteAccess, useSessionStore } from './stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /**
     * What the page needs (the permission matrix of `@hotline/contracts`): a permission, any one of a list,
     * `session` (any signed-in user) or `public` (the sign-in page). The guard and the nav read it.
     */
    permission: RouteAccess;
    /** Label key of the page in the nav bar (pages without one are reached otherwise: sign-in, account). */
    nav?: string;
    /** The nav's menu the page is listed in when the role has too many pages for one row (see {@link NAV_GROUPS}). */
    group?: NavGroup;
    /** A full-screen page without the console's header and live socket (the hall wallboard). */
    bare?: boolean;
  }
}

/**
 * The nav's menus, in order, with their label keys: a role with many pages (the shift lead, the supplier manager)
 * sees these menus instead of one link per page (which would not fit 1920 px); a menu with one page shows as that
 * page's link. The pages are listed in the routes' order, which follows these groups.
 */
export const NAV_GROUPS = [
  { key: 'live', label: 'nav.group.live' },
  { key: 'calls', label: 'nav.group.calls' },
  { key: 'requests', label: 'nav.group.requests' },
  { key: 'planning', label: 'nav.group.planning' },
  { key: 'month', label: 'nav.group.month' },
  { key: 'system', label: 'nav.group.system' },
] as const;
/** A menu of the nav. */
export type NavGroup = (typeof NAV_GROUPS)[number]['key'];

/** The console's pages; the nav bar lists those with a `nav` label, in this order (the first allowed is the home). */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'live', component: LiveFloor, meta: { nav: 'nav.live', permission: 'live.read', group: 'live' } },
  // every call (calls.read) or an agent's own (calls.read.own): the page asks the endpoint the session allows
  { path: '/calls', name: 'calls', component: () => import('./pages/CallsPage.vue'), meta: { nav: 'nav.calls', permission: ['calls.read', 'calls.read.own'], group: 'calls' } },
  // the agent desk (坐席工作台: the current call, the request form, knowledge suggestions, my requests) and every
  // registered request (受理登记) for the shift lead and the managers (issue 14)
  { path: '/desk', name: 'desk', component: () => import('./pages/DeskPage.vue'), meta: { nav: 'desk.nav', permission: 'requests.register', group: 'calls' } },
  // call records imported from a file (issue 13), listed with the calls
  { path: '/call-imports', name: 'call-imports', component: () => import('./pages/CallImportPage.vue'), meta: { nav: 'callImport.nav', permission: 'calls.import', group: 'calls' } },
  { path: '/requests', name: 'requests', component: () => import('./pages/RequestsPage.vue'), meta: { nav: 'requests.nav', permission: 'requests.read', group: 'requests' } },
  // the knowledge base (知识库: search, articles, review and publication, the case base) and the hot topics (热点诉求:
  // ranking, series, spike alarms; the repeat-caller tab only with requests.read) (issue 14)
  { path: '/knowledge', name: 'knowledge', component: () => import('./pages/KnowledgePage.vue'), meta: { nav: 'knowledge.nav', permission: 'knowledge.read', group: 'requests' } },
  { path: '/hot-topics', name: 'hot-topics', component: () => import('./pages/HotTopicsPage.vue'), meta: { nav: 'hotTopics.nav', permission: 'hotTopics.read', group: 'requests' } },
  // the forecast tab needs forecast.read, the roster tab roster.read (the bureau reads rosters without forecasts)
  { path: '/planner', name: 'planner', component: PlannerPage, meta: { nav: 'nav.planner', permission: ['forecast.read', 'roster.read'], group: 'planning' } },
  { path: '/month', name: 'month', component: MonthEnd, meta: { nav: 'nav.month', permission: 'score.read', group: 'month' } },
  // the month's registers and quality inspection (issue 11): the bureau reads and confirms, the supplier records
  { path: '/registers', name: 'registers', component: () => import('./pages/RegistersPage.vue'), meta: { nav: 'registers.nav', permission: 'registers.read', group: 'month' } },
  { path: '/qa', name: 'qa', component: () => import('./pages/QaPage.vue'), meta: { nav: 'qa.nav', permission: 'registers.read', group: 'month' } },
  // feed input the ledger could not take (issue 13): managers repair and re-queue, or discard
  { path: '/dead-letters', name: 'dead-letters', component: () => import('./pages/DeadLettersPage.vue'), meta: { nav: 'deadLetters.nav', permission: 'feed.deadLetters.read', group: 'system' } },
  // the business-type tree (业务类型) and its mappings (issue 12): the supplier manager edits them
  { path: '/business-types', name: 'business-types', component: () => import('./pages/BusinessTypesPage.vue'), meta: { nav: 'businessTypes.nav', permission: 'businessTypes.write', group: 'system' } },
  { path: '/users', name: 'users', component: () => import('./pages/UsersPage.vue'), meta: { nav: 'nav.users', permission: 'users.read', group: 'system' } },
  // the intake's sources: status for the shift lead and the admin, sources and API keys for the admin (issue 12); after users, so the admin's home stays the users page
  { path: '/intake', name: 'intake', component: () => import('./pages/IntakePage.vue'), meta: { nav: 'intake.nav', permission: 'intake.read', group: 'system' } },
  // the hall wallboard's tokens (issue 15): the supplier manager and the admin create and revoke them
  { path: '/wallboard-tokens', name: 'wallboard-tokens', component: () => import('./pages/WallboardTokensPage.vue'), meta: { nav: 'wallboard.tokens.nav', permission: 'wallboard.manage', group: 'system' } },
  { path: '/audit', name: 'audit', component: () => import('./pages/AuditPage.vue'), meta: { nav: 'nav.audit', permission: 'audit.read', group: 'system' } },
  { path: '/api-docs', name: 'api-docs', component: () => import('./pages/ApiDocsPage.vue'), meta: { nav: 'nav.apiDocs', permission: 'session', group: 'system' } },
  { path: '/account', name: 'account', component: () => import('./pages/AccountPage.vue'), meta: { permission: 'session' } },
  { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { permission: 'public' } },
  // the hall wallboard (issue 15): no session, a wallboard token (the page reads it from `?token=`, keeps it in the tab and strips it)
  { path: '/wallboard', name: 'wallboard', component: () => import('./pages/WallboardPage.vue'), meta: { permission: 'public', bare: true } },
  // any other address: a not-found page with a link home (issue 15), never a blank page or a silent redirect
  { path: '/:unknown(.*)*', name: 'not-found', component: NotFoundPage, meta: { permission: 'public' } },
];

/** The path of the first page of the nav the signed-in user may open (the API docs at least). */
export function homePath(): string {
  const session = useSessionStore();
  if (session.mustChangePassword) return '/account';
  return routes.find((r) => r.meta?.nav && session.allows(r.meta.permission))?.path ?? '/account';
}

export const router = createRouter({ history: createWebHashHistory(), routes });

/**
 * Signed out: every page but sign-in goes to sign-in (remembering where the user was going). A password to change:
 * only the account page. A page the roles do not allow: the first page they do, with a notice.
 */
router.beforeEach(async (to: RouteLocationNormalized) => {
  const session = useSessionStore();
  await session.load();
  if (to.meta.permission === 'public') return session.user && to.name === 'login' ? homePath() : true;
  if (!session.user) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  if (session.mustChangePassword) return to.name === 'account' ? true : { name: 'account' };
  if (session.allows(to.meta.permission)) return true;
  ElMessage.warning(i18n.global.t('auth.forbiddenPage'));
  return homePath();
});
