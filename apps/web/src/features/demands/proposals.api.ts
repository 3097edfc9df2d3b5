import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Proposal,
  type ProposalInput,
  type ProposalKind,
  type ProposalState,
  type ProposalTransitionInput,
} from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/demands/proposals (人大建议 / 政协提案). Keys start with 'demands' (suggestions change too). */
export function useProposals(
  q: { kind?: ProposalKind | undefined; status?: ProposalState | undefined },
  acting: number | null,
) {
  return useQuery({
    queryKey: ['demands', 'proposals', q, acting],
    queryFn: () => api('/demands/proposals', { schema: z.object({ items: z.array(Proposal) }), query: q }),
    select: (r) => r.items,
  });
}

function useProposalMutation<I>(fn: (input: I) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    meta: { quiet: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['demands'] }),
  });
}
export const useCreateProposal = () =>
  useProposalMutation((input: Partial<ProposalInput>) =>
    api('/demands/proposals', { method: 'POST', body: input, schema: Proposal }),
  );
export const useUpdateProposal = (id: number) =>
  useProposalMutation((input: { version: number; title?: string; body?: string; deputy?: string | null }) =>
    api(`/demands/proposals/${id}`, { method: 'PATCH', body: input, schema: Proposal }),
  );
export const useProposalTransition = (id: number) =>
  useProposalMutation((input: ProposalTransitionInput) =>
    api(`/demands/proposals/${id}/transitions`, { method: 'POST', body: input, schema: Proposal }),
  );
export const useDeleteProposal = (id: number) =>
  useProposalMutation(() => api(`/demands/proposals/${id}`, { method: 'DELETE' }));
