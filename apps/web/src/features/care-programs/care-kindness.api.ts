import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { Pairing, Wish, type ContactInput, type PairingInput, type WishInput, type WishState } from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/care-programs/pairings (爱心妈妈) and /wishes (微心愿). */

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

export const usePairings = (actingOrgId: number | null, overdue: boolean) =>
  useQuery({
    queryKey: ['care', 'pairings', actingOrgId, overdue],
    queryFn: async () =>
      (await api(`/care-programs/pairings?state=active${overdue ? '&overdue=true' : ''}`, { schema: items(Pairing) }))
        .items,
  });
export const usePairing = (id: number | null) =>
  useQuery({
    queryKey: ['care', 'pairing', id],
    enabled: id !== null,
    queryFn: () => api(`/care-programs/pairings/${id}`, { schema: Pairing }),
  });

export function usePairingActions() {
  const qc = useQueryClient();
  const done = (p: Pairing) => {
    qc.setQueryData(['care', 'pairing', p.id], p);
    void qc.invalidateQueries({ queryKey: ['care', 'pairings'] });
  };
  return {
    create: useMutation({
      mutationFn: (input: z.input<typeof PairingInput>) =>
        api('/care-programs/pairings', { method: 'POST', body: input, schema: Pairing }),
      meta: { quiet: true },
      onSuccess: done,
    }),
    contact: useMutation({
      mutationFn: ({ id, input }: { id: number; input: z.input<typeof ContactInput> }) =>
        api(`/care-programs/pairings/${id}/contacts`, { method: 'POST', body: input, schema: Pairing }),
      meta: { quiet: true },
      onSuccess: done,
    }),
    end: useMutation({
      mutationFn: ({ id, endedOn, reason }: { id: number; endedOn: string; reason: string }) =>
        api(`/care-programs/pairings/${id}/end`, { method: 'POST', body: { endedOn, reason }, schema: Pairing }),
      onSuccess: done,
    }),
  };
}

export const useWishes = (actingOrgId: number | null, state: WishState | null) =>
  useQuery({
    queryKey: ['care', 'wishes', actingOrgId, state],
    queryFn: async () =>
      (await api(`/care-programs/wishes${state ? `?state=${state}` : ''}`, { schema: items(Wish) })).items,
  });

export function useWishActions() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: ['care', 'wishes'] });
  const post = (id: number, action: string, body?: unknown) =>
    api(`/care-programs/wishes/${id}/${action}`, { method: 'POST', ...(body ? { body } : {}), schema: Wish });
  return {
    create: useMutation({
      mutationFn: (input: z.input<typeof WishInput>) =>
        api('/care-programs/wishes', { method: 'POST', body: input, schema: Wish }),
      meta: { quiet: true },
      onSuccess: done,
    }),
    act: useMutation({
      mutationFn: ({ id, action, body }: { id: number; action: string; body?: unknown }) => post(id, action, body),
      meta: { quiet: true },
      onSuccess: done,
    }),
  };
}
