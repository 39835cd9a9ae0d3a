import { createI18n } from 'vue-i18n';
import en from './locales/en';
import zhCN from './locales/zh-CN';

export type Locale = 'zh-CN' | 'en';
const saved = localStorage.getItem('hotline.locale');

/** Chinese first; English one click away (remembered per browser). */
export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem('hotline.locale', locale);
  document.documentElement.lang = locale;
}
