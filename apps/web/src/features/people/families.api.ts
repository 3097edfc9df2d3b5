import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { Family } from '@jinguo/contracts';
import { api } from '../../app/api';

/**
 * Typed hooks over /api/v1/families and a person's families. Keys start with 'people' like the rest of the feature:
 * a change to a household also changes its members' pages (families tab, timeline).
 */

const FamiliesResponse = z.object({ items: z.array(Family) });

export const familyKeys = {
  list: (orgId: number) => ['people', 'families', 'list', orgId] as const,
  detail: (id: number) => ['people', 'families', 'detail', id] as const,
  ofPerson: (personId: number) => ['people', 'detail', personId, 'families'] as const,
};

export function useFamilies(orgId: number | undefined) {
  return useQuery({
    queryKey: familyKeys.list(orgId ?? 0),
    queryFn: () => api('/families', { schema: FamiliesResponse, query: { orgId } }).then((r) => r.items),
    enabled: !!orgId,
  });
}

export function useFamily(id: number) {
  return useQuery({
    queryKey: familyKeys.detail(id),
    queryFn: () => api(`/families/${id}`, { schema: Family }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function usePersonFamilies(personId: number) {
  return useQuery({
    queryKey: familyKeys.ofPerson(personId),
    queryFn: () => api(`/people/${personId}/families`, { schema: FamiliesResponse }).then((r) => r.items),
  });
}

function useFamilyMutation<V>(fn: (vars: V) => Promise<Family>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['people'] }) });
}

/** A new household, with its first member when given (two calls: the household exists even if the second fails). */
export const useCreateFamily = () =>
  useFamilyMutation(
    async ({
      input,
      firstMember,
    }: {
      input: { orgId: number; name: string; address?: string | null };
      firstMember?: { personId: number; relationship: string };
    }) => {
      const family = await api('/families', { method: 'POST', body: input, schema: Family });
      if (!firstMember) return family;
      return api(`/families/${family.id}/members`, { method: 'POST', body: firstMember, schema: Family });
    },
  );

export const useAddFamilyMember = (familyId: number) =>
  useFamilyMutation((input: { personId: number; relationship: string }) =>
    api(`/families/${familyId}/members`, { method: 'POST', body: input, schema: Family }),
  );

export const useEndFamilyMember = (familyId: number) =>
  useFamilyMutation((personId: number) =>
    api(`/families/${familyId}/members/${personId}`, { method: 'DELETE', schema: Family }),
  );

export const useAddFamilyHonour = (familyId: number) =>
  useFamilyMutation((input: { honour: string; level: string; year: number; awardedBy?: string | null }) =>
    api(`/families/${familyId}/honours`, { method: 'POST', body: input, schema: Family }),
  );
