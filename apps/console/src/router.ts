import { createRouter, createWebHashHistory } from 'vue-router';
import LiveFloor from './pages/LiveFloor.vue';
import MonthEnd from './pages/MonthEnd.vue';
import PlannerPage from './pages/planner/PlannerPage.vue';

/** The console's pages; the nav bar lists them in this order. */
export const routes = [
  { path: '/', name: 'live', component: LiveFloor, meta: { nav: 'nav.live' } },
  { path: '/planner', name: 'planner', component: PlannerPage, meta: { nav: 'nav.planner' } },
  { path: '/month', name: 'month', component: MonthEnd, meta: { nav: 'nav.month' } },
];

export const router = createRouter({ history: createWebHashHistory(), routes });
