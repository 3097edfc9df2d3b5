import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { LocalizedText } from '@jinguo/contracts';
import { zhCN } from './zh-CN';
import { enUS } from './en-US';

export type Lang = 'zh-CN' | 'en-US';
export const LANGS: readonly Lang[] = ['zh-CN', 'en-US'];
const STORAGE_KEY = 'jinguo.lang';

function initialLang(): Lang {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return stored === 'en-US' ? 'en-US' : 'zh-CN';
}

function applyLang(lang: Lang): void {
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lang;
    document.title = lang === 'zh-CN' ? `巾帼 · ${zhCN.app.subtitle}` : `Jinguo · ${enUS.app.subtitle}`;
  }
}

const lang = initialLang();
applyLang(lang);
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: lang,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export async function changeLang(next: Lang): Promise<void> {
  localStorage.setItem(STORAGE_KEY, next);
  applyLang(next);
  await i18n.changeLanguage(next);
}

/** The current UI language, re-rendering on change. */
export function useLang(): Lang {
  const { i18n: instance } = useTranslation();
  return instance.language === 'en-US' ? 'en-US' : 'zh-CN';
}

/** Picks the current language from a bilingual text (server messages, labels in contracts). */
export function useLocalize(): (text: LocalizedText) => string {
  const lang = useLang();
  return (text) => text[lang];
}

export default i18n;
