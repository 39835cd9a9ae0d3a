import { createRouter, createWebHashHistory } from 'vue-router';
import LiveFloor from './pages/LiveFloor.vue';

/** The console's pages; the nav bar lists them in this order. */
export const routes = [{ path: '/', name: 'live', component: LiveFloor, meta: { nav: 'nav.live' } }];

export const router = createRouter({ history: createWebHashHistory(), routes });
