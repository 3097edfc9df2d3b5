import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ClaimedWish, MyWish, PublicWish, type PortalWishInput } from '@jinguo/contracts';
import { portalApi } from './portal.api';

/** 微心愿 on /h5: the public wish wall, her own wishes, submitting one, claiming one as a donor and her claims. */

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

export const usePublicWishes = () =>
  useQuery({
    queryKey: ['portal', 'wishes', 'public'],
    queryFn: async () => (await portalApi('/care-programs/wishes', items(PublicWish))).items,
  });
export const useMyWishes = (enabled: boolean) =>
  useQuery({
    queryKey: ['portal', 'wishes', 'mine'],
    queryFn: async () => (await portalApi('/care-programs/wishes/mine', items(MyWish))).items,
    enabled,
  });
export function useSubmitWish() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof PortalWishInput>) =>
      portalApi('/care-programs/wishes', MyWish, { method: 'POST', body: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['portal', 'wishes'] }),
  });
}
export const useMyClaims = (enabled: boolean) =>
  useQuery({
    queryKey: ['portal', 'wishes', 'claimed'],
    queryFn: async () => (await portalApi('/care-programs/wishes/claimed', items(ClaimedWish))).items,
    enabled,
  });
/** Claim a published wish as its donor (until a day she may choose), or give up her claim. */
export function useClaimAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      action,
      deadline,
    }: {
      id: number;
      action: 'claim' | 'release';
      deadline?: string | undefined;
    }) =>
      portalApi(`/care-programs/wishes/${id}/${action}`, ClaimedWish, {
        method: 'POST',
        ...(action === 'claim' ? { body: deadline ? { deadline } : {} } : {}),
      }),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['portal', 'wishes'] }),
  });
}
