import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Gender, PersonSort, TagCode } from '@jinguo/contracts';

/**
 * The people list's filters live in the URL (`/people?q=zxm&tag=low_income&tag=disabled&sort=birthDate`): a list
 * can be bookmarked or sent, and coming back from a person shows the same list. A saved filter stores the same values.
 */
export interface PeopleFilters {
  q?: string;
  orgId?: number;
  tags: string[];
  ageMin?: number;
  ageMax?: number;
  gender?: 'female' | 'male';
  sort: 'name' | 'birthDate' | 'createdAt';
  order: 'asc' | 'desc';
}

export const EMPTY_FILTERS: PeopleFilters = { tags: [], sort: 'name', order: 'asc' };

const int = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** From loosely typed values (URL parameters, a saved filter's stored query); anything malformed is dropped. */
export function toFilters(raw: {
  q?: unknown;
  orgId?: unknown;
  tag?: unknown;
  ageMin?: unknown;
  ageMax?: unknown;
  gender?: unknown;
  sort?: unknown;
  order?: unknown;
}): PeopleFilters {
  const tagList = Array.isArray(raw.tag) ? raw.tag : raw.tag === undefined ? [] : [raw.tag];
  const orgId = int(raw.orgId);
  return {
    q: text(raw.q),
    orgId: orgId && orgId > 0 ? orgId : undefined,
    tags: tagList.filter((t): t is string => TagCode.safeParse(t).success),
    ageMin: int(raw.ageMin),
    ageMax: int(raw.ageMax),
    gender: Gender.safeParse(raw.gender).data,
    sort: PersonSort.safeParse(raw.sort).data ?? 'name',
    order: raw.order === 'desc' ? 'desc' : 'asc',
  };
}

/** What a saved filter stores (the search query's own names, without defaults). */
export function toSavedQuery(f: PeopleFilters): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.q) out.q = f.q;
  if (f.orgId) out.orgId = f.orgId;
  if (f.tags.length) out.tag = f.tags;
  if (f.ageMin !== undefined) out.ageMin = f.ageMin;
  if (f.ageMax !== undefined) out.ageMax = f.ageMax;
  if (f.gender) out.gender = f.gender;
  if (f.sort !== 'name') out.sort = f.sort;
  if (f.order !== 'asc') out.order = f.order;
  return out;
}

function toParams(f: PeopleFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(toSavedQuery(f))) {
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.set(k, String(v));
  }
  return params;
}

export const isFiltered = (f: PeopleFilters) =>
  Object.keys(toSavedQuery({ ...f, sort: 'name', order: 'asc' })).length > 0;

export function usePeopleFilters(): [PeopleFilters, (next: PeopleFilters) => void] {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // The string is the identity of the filters: a new URLSearchParams object with the same content is no change.
  const filters = useMemo(() => {
    const p = new URLSearchParams(key);
    return toFilters({ ...Object.fromEntries(p), tag: p.getAll('tag') });
  }, [key]);
  const set = useCallback((next: PeopleFilters) => setParams(toParams(next), { replace: true }), [setParams]);
  return [filters, set];
}
