import { createContext, useContext } from 'react';
import type { LocalizedText } from '@jinguo/contracts';
import { portalEnUS, portalZhCN, type PortalKey } from './portal.messages';

/** The portal's texts: a small typed dictionary of its own (zh-CN by default, English), not the staff app's. */
export type Lang = 'zh-CN' | 'en-US';
const KEY = 'jinguo.h5.lang';
export const initialLang = (): Lang => (localStorage.getItem(KEY) === 'en-US' ? 'en-US' : 'zh-CN');
let current: Lang | null = null;
export function rememberLang(lang: Lang): void {
  current = lang;
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
}
/** The portal's language now, sent as Accept-Language (the server words problem titles and details in it). */
export const currentLang = (): Lang => current ?? initialLang();

export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({
  lang: 'zh-CN',
  setLang: () => {},
});

/** t(key, vars) with {{var}} interpolation, and l(text) for bilingual labels from the contracts. */
export function useT() {
  const { lang, setLang } = useContext(LangContext);
  const dict = lang === 'en-US' ? portalEnUS : portalZhCN;
  const t = (key: PortalKey, vars: Record<string, string | number> = {}) =>
    dict[key].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
  const l = (text: LocalizedText) => text[lang];
  return { t, l, lang, setLang };
}
