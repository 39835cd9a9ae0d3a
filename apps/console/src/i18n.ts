import { createI18n } from 'vue-i18n';
import callImportEn from './locales/callImport.en';
import callImportZhCN from './locales/callImport.zh-CN';
import businessTypesEn from './locales/businessTypes.en';
import businessTypesZhCN from './locales/businessTypes.zh-CN';
import deadLettersEn from './locales/deadLetters.en';
import deadLettersZhCN from './locales/deadLetters.zh-CN';
import en from './locales/en';
import floorEn from './locales/floor.en';
import floorZhCN from './locales/floor.zh-CN';
import intakeEn from './locales/intake.en';
import intakeZhCN from './locales/intake.zh-CN';
import hotTopicsEn from './locales/hotTopics.en';
import hotTopicsZhCN from './locales/hotTopics.zh-CN';
import knowledgeEn from './locales/knowledge.en';
import knowledgeZhCN from './locales/knowledge.zh-CN';
import registersEn from './locales/registers.en';
import registersZhCN from './locales/registers.zh-CN';
import requestsEn from './locales/requests.en';
import requestsZhCN from './locales/requests.zh-CN';
import rosterAnytimeEn from './locales/rosterAnytime.en';
import rosterAnytimeZhCN from './locales/rosterAnytime.zh-CN';
import zhCN from './locales/zh-CN';
import wallboardEn from './locales/wallboard.en';
import wallboardZhCN from './locales/wallboard.zh-CN';
import forecastDaysEn from './locales/forecastDays.en';
import forecastDaysZhCN from './locales/forecastDays.zh-CN';
import { errorsEn, errorsZhCN } from './locales/errors';

export type Locale = 'zh-CN' | 'en';
const saved = localStorage.getItem('hotline.locale');

/** Chinese first; English one click away (remembered per browser). */
export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  // the registers' texts (台账, 话务质检, the month's paperwork) and the dead letters' live in their own files
  messages: { 'zh-CN': { ...zhCN, ...registersZhCN, ...deadLettersZhCN, ...businessTypesZhCN, ...callImportZhCN, ...intakeZhCN, ...requestsZhCN, ...knowledgeZhCN, ...hotTopicsZhCN, ...wallboardZhCN, ...floorZhCN, ...rosterAnytimeZhCN, ...forecastDaysZhCN, ...errorsZhCN }, en: { ...en, ...registersEn, ...deadLettersEn, ...businessTypesEn, ...callImportEn, ...intakeEn, ...requestsEn, ...knowledgeEn, ...hotTopicsEn, ...wallboardEn, ...floorEn, ...rosterAnytimeEn, ...forecastDaysEn, ...errorsEn } },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem('hotline.locale', locale);
  document.documentElement.lang = locale;
}
