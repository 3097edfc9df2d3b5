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

export const useWish = (id: number | null) =>
  useQuery({
    queryKey: ['care', 'wish', id],
    enabled: id !== null,
    queryFn: () => api(`/care-programs/wishes/${id}`, { schema: Wish }),
  });

/** The file of a wish's proof, as the staff pages link and show it. */
export const proofUrl = (wishId: number, fileId: number) => `/api/v1/care-programs/wishes/${wishId}/proofs/${fileId}`;

export function useWishActions() {
  const qc = useQueryClient();
  const done = (w?: Wish) => {
    if (w) qc.setQueryData(['care', 'wish', w.id], w);
    void qc.invalidateQueries({ queryKey: ['care', 'wishes'] });
  };
  const post = (id: number, action: string, body?: unknown) =>
    api(`/care-programs/wishes/${id}/${action}`, { method: 'POST', ...(body ? { body } : {}), schema: Wish });
  return {
    create: useMutation({
      mutationFn: (input: z.input<typeof WishInput>) =>
        api('/care-programs/wishes', { method: 'POST', body: input, schema: Wish }),
      meta: { quiet: true },
      onSuccess: done,
    }),
    /** The days the wish gives its donors (care.manage): applies to the next claim. */
    settings: useMutation({
      mutationFn: ({ id, claimDays }: { id: number; claimDays: number }) =>
        api(`/care-programs/wishes/${id}`, { method: 'PATCH', body: { claimDays }, schema: Wish }),
      meta: { quiet: true },
      onSuccess: done,
    }),
    act: useMutation({
      mutationFn: ({ id, action, body }: { id: number; action: string; body?: unknown }) => post(id, action, body),
      meta: { quiet: true },
      onSuccess: done,
    }),
    /** A proof of the fulfilment (photo or document), uploaded while the wish is claimed. */
    addProof: useMutation({
      mutationFn: ({ id, file }: { id: number; file: File }) =>
        api(`/care-programs/wishes/${id}/proofs`, {
          method: 'POST',
          body: file,
          query: { name: file.name },
          schema: Wish,
        }),
      meta: { quiet: true },
      onSuccess: done,
    }),
    removeProof: useMutation({
      mutationFn: ({ id, fileId }: { id: number; fileId: number }) =>
        api(`/care-programs/wishes/${id}/proofs/${fileId}`, { method: 'DELETE', schema: Wish }),
      meta: { quiet: true },
      onSuccess: done,
    }),
  };
}
