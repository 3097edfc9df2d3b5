import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MigrantListItem, MigrantProfile, pageOf, type MigrantProfileInput } from '@jinguo/contracts';
import type { z } from 'zod';
import { api, ApiError } from '../../app/api';

/** Typed hooks over 在外妇女: the list by home org and where they are now, and one woman's profile. */

const MigrantPage = pageOf(MigrantListItem);

export interface MigrantFilters {
  homeOrgId?: number;
  province?: string;
  city?: string;
}

export function useMigrants(f: MigrantFilters, actingOrgId: number | null) {
  return useInfiniteQuery({
    queryKey: ['people', 'migrants', f, actingOrgId],
    queryFn: ({ pageParam }) =>
      api('/people/migrants', { schema: MigrantPage, query: { ...f, cursor: pageParam, limit: 50 } }),
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
