import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Person,
  PersonListItem,
  PersonMerge,
  SavedFilter,
  SensitivePersonField,
  TagDefinition,
  TagHistoryEntry,
  TimelineEntry,
  UnmaskedValue,
  pageOf,
  type PersonInput,
  type UpdatePersonInput,
} from '@jinguo/contracts';
import { api } from '../../app/api';
import type { PeopleFilters } from './peopleFilters';

/**
 * Typed hooks over /api/v1/people: the list, a person and her tabs, tags, saved filters. Families, migrant women,
 * duplicates and the Excel round-trip have their own api files. Every key starts with 'people' so one invalidation
 * after a write refreshes the list, the person and her tabs.
 */

const PersonPage = pageOf(PersonListItem);
const itemsOf = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const TagsResponse = itemsOf(TagDefinition);
const SavedFiltersResponse = itemsOf(SavedFilter);
const TagHistoryResponse = itemsOf(TagHistoryEntry);
const TimelineResponse = itemsOf(TimelineEntry);
const MergesResponse = itemsOf(PersonMerge);

export type SensitiveField = z.infer<typeof SensitivePersonField>;

export const peopleKeys = {
  all: ['people'] as const,
  list: (f: PeopleFilters, actingOrgId: number | null) => ['people', 'list', f, actingOrgId] as const,
  pick: (q: string) => ['people', 'pick', q] as const,
  detail: (id: number) => ['people', 'detail', id] as const,
  tab: (id: number, tab: string) => ['people', 'detail', id, tab] as const,
  tags: ['people', 'tags'] as const,
  savedFilters: ['people', 'saved-filters'] as const,
};

/** The search query of the list (and of the export, which takes the same filters). */
export function searchQuery(f: PeopleFilters) {
  return {
    q: f.q,
    orgId: f.orgId,
    tag: f.tags,
    ageMin: f.ageMin,
    ageMax: f.ageMax,
    gender: f.gender,
    sort: f.sort,
    order: f.order,
  };
}

export function usePeopleSearch(f: PeopleFilters, actingOrgId: number | null) {
  return useInfiniteQuery({
    queryKey: peopleKeys.list(f, actingOrgId),
    queryFn: ({ pageParam }) =>
      api('/people', { schema: PersonPage, query: { ...searchQuery(f), cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** A few hits for person pickers (guardian, family member). */
export function usePersonPick(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: peopleKeys.pick(term),
    queryFn: () => api('/people', { schema: PersonPage, query: { q: term, limit: 20 } }).then((r) => r.items),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function usePerson(id: number) {
  return useQuery({
    queryKey: peopleKeys.detail(id),
    queryFn: () => api(`/people/${id}`, { schema: Person }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useTagDictionary() {
  return useQuery({
    queryKey: peopleKeys.tags,
    queryFn: () => api('/people/tags', { schema: TagsResponse }).then((r) => r.items),
    staleTime: 300_000,
  });
}

export function useTagHistory(id: number) {
  return useQuery({
    queryKey: peopleKeys.tab(id, 'tag-history'),
    queryFn: () => api(`/people/${id}/tag-history`, { schema: TagHistoryResponse }).then((r) => r.items),
  });
}

export function useTimeline(id: number) {
  return useQuery({
    queryKey: peopleKeys.tab(id, 'timeline'),
    queryFn: () => api(`/people/${id}/timeline`, { schema: TimelineResponse }).then((r) => r.items),
  });
}

export function useMerges(id: number) {
  return useQuery({
    queryKey: peopleKeys.tab(id, 'merges'),
    queryFn: () => api(`/people/${id}/merges`, { schema: MergesResponse }).then((r) => r.items),
  });
}

export function useSavedFilters() {
  return useQuery({
    queryKey: peopleKeys.savedFilters,
    queryFn: () => api('/people/saved-filters', { schema: SavedFiltersResponse }).then((r) => r.items),
  });
}

function usePeopleMutation<V, R>(fn: (vars: V) => Promise<R>, quiet = false) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: peopleKeys.all }),
    meta: { quiet },
  });
}

export const useCreatePerson = () =>
  usePeopleMutation((input: PersonInput) => api('/people', { method: 'POST', body: input, schema: Person }));

/** Quiet: the drawer shows a version conflict itself (with a reload), and field errors on the fields. */
export const useUpdatePerson = (id: number) =>
  usePeopleMutation(
    (input: UpdatePersonInput) => api(`/people/${id}`, { method: 'PATCH', body: input, schema: Person }),
    true,
  );

/** Not cached anywhere: the clear value lives only in the component that asked for it. */
export const useUnmask = (id: number) =>
  useMutation({
    mutationFn: (input: { field: SensitiveField; reason: string }) =>
      api(`/people/${id}/unmask`, { method: 'POST', body: input, schema: UnmaskedValue }),
    meta: { quiet: true },
  });

export const useChangeTags = (id: number) =>
  usePeopleMutation((input: { add: string[]; remove: string[] }) =>
    api(`/people/${id}/tags`, { method: 'POST', body: input, schema: Person }),
  );

export const useSetGuardian = (id: number) =>
  usePeopleMutation((input: { guardianId: number; relationship: string }) =>
    api(`/people/${id}/guardians`, { method: 'POST', body: input, schema: Person }),
  );

export const useRemoveGuardian = (id: number) =>
  usePeopleMutation((guardianId: number) =>
    api(`/people/${id}/guardians/${guardianId}`, { method: 'DELETE', schema: Person }),
  );

export const useSaveFilter = () =>
  usePeopleMutation((input: { name: string; query: Record<string, unknown> }) =>
    api('/people/saved-filters', { method: 'POST', body: input, schema: SavedFilter }),
  );

export const useDeleteFilter = () =>
  usePeopleMutation((id: number) => api(`/people/saved-filters/${id}`, { method: 'DELETE' }));
