// The console's own CJK font (Noto Sans SC, regular and bold): Chinese is drawn the same on every machine, also on
// one without system CJK fonts (no boxes). Bundled by Vite as ~100 woff2 slices per weight, each declared with its
// unicode-range (fontsource's subsets, the Google Fonts slicing): a page downloads only the slices of the characters
// it shows (the sign-in page a few hundred KB instead of 2.3 MB), and any character a user types is still covered.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import 'element-plus/dist/index.css';
import 'element-plus/theme-chalk/dark/css-vars.css';
// Element Plus's date and month pickers compute weeks with dayjs in the ConfigProvider's language (App.vue follows
// vue-i18n's locale): dayjs knows English only until a locale is loaded, so zh-CN would start weeks on Sunday.
import 'dayjs/locale/zh-cn';
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
