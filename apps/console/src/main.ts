// The console's own CJK font (Noto Sans SC, regular and bold; these files cover ASCII and Latin-1 too): Chinese
// is drawn the same on every machine, also on one without system CJK fonts (no boxes). Bundled by Vite as woff2.
import '@fontsource/noto-sans-sc/chinese-simplified-400.css';
import '@fontsource/noto-sans-sc/chinese-simplified-700.css';
import 'element-plus/dist/index.css';
import 'element-plus/theme-chalk/dark/css-vars.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import './style.css';

// Pinia first: the router's guard reads the session store on the first navigation.
// Element Plus components are imported where they are used (tree-shaken); its styles are loaded once here, in its
// dark theme (`<html class="dark">`) to match the console.
createApp(App).use(createPinia()).use(i18n).use(router).mount('#app');
