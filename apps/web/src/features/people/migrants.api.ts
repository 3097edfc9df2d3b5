import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MigrantListItem, MigrantProfile, pageOf, PlaceTree, type MigrantProfileInput } from '@jinguo/contracts';
import type { z } from 'zod';
import { api, ApiError } from '../../app/api';

/** Typed hooks over 在外妇女: the list by home org and where they are now, and one woman's profile. */

const MigrantPage = pageOf(MigrantListItem);

export interface MigrantFilters {
  homeOrgId?: number;
  /** Where she is now: a place code and every place inside it. */
  placeCode?: string;
}

/** The list, or with `unmatched` the women whose current place a cadre must fix (no place code, or too coarse). */
export function useMigrants(f: MigrantFilters & { unmatched?: boolean }, actingOrgId: number | null) {
  const { unmatched, ...query } = f;
  return useInfiniteQuery({
    queryKey: ['people', 'migrants', f, actingOrgId],
    queryFn: ({ pageParam }) =>
      api(unmatched ? '/people/migrants/unmatched-places' : '/people/migrants', {
        schema: MigrantPage,
        query: { ...(unmatched ? { homeOrgId: query.homeOrgId } : query), cursor: pageParam, limit: 50 },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** The profile, or null when none is recorded (the API answers 404 NOT_FOUND then). */
export function useMigrantProfile(personId: number) {
  return useQuery({
    queryKey: ['people', 'detail', personId, 'migrant-profile'],
    queryFn: () =>
      api(`/people/${personId}/migrant-profile`, { schema: MigrantProfile }).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404 && e.code === 'NOT_FOUND') return null;
        throw e;
      }),
  });
}

export const useSetMigrantProfile = (personId: number) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof MigrantProfileInput>) =>
      api(`/people/${personId}/migrant-profile`, { method: 'PUT', body: input, schema: MigrantProfile }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['people'] }),
  });
};

/** China's provinces, cities and districts for the place cascader: reference data, read once. */
export function usePlaceTree() {
  return useQuery({
    queryKey: ['places'],
    queryFn: () => api('/places', { schema: PlaceTree }),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}
