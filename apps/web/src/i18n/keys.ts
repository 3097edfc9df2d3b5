import type { ParseKeys } from 'i18next';

/** Any key of the translation files, for labels stored in data (menus, breadcrumbs). */
export type TKey = ParseKeys;
