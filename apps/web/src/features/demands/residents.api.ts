import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Resident } from '@jinguo/contracts';
import { api } from '../../app/api';

/** Linking a resident of the portal to the registry person a cadre confirmed her to be (from a demand's page). */
export function useLinkResident(demandId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { residentId: number; personId: number; reason: string }) =>
      api(`/residents/${input.residentId}/link`, {
        method: 'POST',
        body: { personId: input.personId, reason: input.reason },
        schema: Resident,
      }),
    meta: { quiet: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['demands', 'detail', demandId] }),
  });
}
