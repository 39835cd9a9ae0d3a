import { createI18n } from 'vue-i18n';
import en from './locales/en';
import registersEn from './locales/registers.en';
import registersZhCN from './locales/registers.zh-CN';
import zhCN from './locales/zh-CN';

export type Locale = 'zh-CN' | 'en';
const saved = localStorage.getItem('hotline.locale');

/** Chinese first; English one click away (remembered per browser). */
export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  // the registers' texts (台账, 话务质检, the month's paperwork) live in their own files
  messages: { 'zh-CN': { ...zhCN, ...registersZhCN }, en: { ...en, ...registersEn } },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem('hotline.locale', locale);
  document.documentElement.lang = locale;
}
