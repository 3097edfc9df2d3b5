import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { DuplicateGroup, PersonMerge } from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over suspected duplicates (same name and birth date in one town) and merging them. */

const GroupsResponse = z.object({ items: z.array(DuplicateGroup) });

export function useDuplicates(orgId: number | undefined, actingOrgId: number | null) {
  return useQuery({
    queryKey: ['people', 'duplicates', orgId ?? null, actingOrgId],
    queryFn: () => api('/people/duplicates', { schema: GroupsResponse, query: { orgId } }).then((r) => r.items),
  });
}

/** Merges each source into the kept record, one after the other (each merge is its own audited transaction). */
export const useMergePersons = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ targetId, sourceIds, reason }: { targetId: number; sourceIds: number[]; reason: string }) => {
      const done = [];
      for (const sourceId of sourceIds)
        done.push(
          await api('/people/merge', { method: 'POST', body: { sourceId, targetId, reason }, schema: PersonMerge }),
        );
      return done;
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ['people'] }),
  });
};
