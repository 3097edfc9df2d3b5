import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Application,
  ApplicationListItem,
  Beneficiary,
  EligibilityVerdict,
  GreetingList,
  pageOf,
  ParcelBatch,
  ParcelDelivery,
  Program,
  Unmasked,
  type ApplicationInput,
  type ProgramInput,
  type ReviewInput,
} from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/care-programs: programs, applications and their review, payments, parcels, greetings. */

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const Page = pageOf(ApplicationListItem);

export const usePrograms = (actingOrgId: number | null) =>
  useQuery({
    queryKey: ['care', 'programs', actingOrgId],
    queryFn: async () => (await api('/care-programs/programs', { schema: items(Program) })).items,
  });

export function useCreateProgram() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ProgramInput) =>
      api('/care-programs/programs', { method: 'POST', body: input, schema: Program }),
    meta: { quiet: true },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['care', 'programs'] }),
  });
}

export function useApplications(
  f: { queue: boolean; programId?: number | undefined; state?: string | undefined },
  actingOrgId: number | null,
) {
  return useInfiniteQuery({
    queryKey: ['care', 'applications', f, actingOrgId],
    queryFn: ({ pageParam }) =>
      api('/care-programs/applications', {
        schema: Page,
        query: {
          queue: f.queue ? 'true' : undefined,
          programId: f.programId,
          state: f.state,
          cursor: pageParam,
          limit: 50,
        },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export const useApplication = (id: number) =>
  useQuery({
    queryKey: ['care', 'application', id],
    queryFn: () => api(`/care-programs/applications/${id}`, { schema: Application }),
    enabled: id > 0,
  });

export const useEligibility = (personId: number | undefined) =>
  useQuery({
    queryKey: ['care', 'eligibility', personId],
    queryFn: async () =>
      (await api('/care-programs/eligibility', { query: { personId }, schema: items(EligibilityVerdict) })).items,
    enabled: !!personId,
  });

export function useCreateApplication() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ApplicationInput) =>
      api('/care-programs/applications', { method: 'POST', body: input, schema: Application }),
    meta: { quiet: true },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['care', 'applications'] }),
  });
}

/** Every act on one application: the answer is the application as it now is. */
export function useApplicationAction(id: number) {
  const qc = useQueryClient();
  const done = (a: Application) => {
    qc.setQueryData(['care', 'application', id], a);
    void qc.invalidateQueries({ queryKey: ['care', 'applications'] });
  };
  return {
    submit: useMutation({
      mutationFn: () => api(`/care-programs/applications/${id}/submit`, { method: 'POST', schema: Application }),
      onSuccess: done,
    }),
    withdraw: useMutation({
      mutationFn: (reason: string) =>
        api(`/care-programs/applications/${id}/withdraw`, { method: 'POST', body: { reason }, schema: Application }),
      onSuccess: done,
    }),
    review: useMutation({
      mutationFn: (input: ReviewInput) =>
        api(`/care-programs/applications/${id}/review`, { method: 'POST', body: input, schema: Application }),
      meta: { quiet: true },
      onSuccess: done,
    }),
    pay: useMutation({
      mutationFn: (input: { amount: number; paidOn: string; channel: string; reference: string }) =>
        api(`/care-programs/applications/${id}/pay`, {
          method: 'POST',
          body: { ...input, proofFileId: null },
          schema: Application,
        }),
      meta: { quiet: true },
      onSuccess: done,
    }),
    upload: useMutation({
      mutationFn: ({ code, file }: { code: string; file: File }) =>
        api(`/care-programs/applications/${id}/materials`, {
          method: 'POST',
          body: file,
          query: { code, name: file.name },
          schema: Application,
        }),
      onSuccess: done,
    }),
    unmask: useMutation({
      mutationFn: (reason: string) =>
        api(`/care-programs/applications/${id}/unmask`, { method: 'POST', body: { reason }, schema: Unmasked }),
    }),
  };
}

export function useBeneficiaries(
  f: { programId?: number | undefined; from?: string | undefined; to?: string | undefined },
  actingOrgId: number | null,
) {
  return useInfiniteQuery({
    queryKey: ['care', 'beneficiaries', f, actingOrgId],
    queryFn: ({ pageParam }) =>
      api('/care-programs/beneficiaries', {
        schema: pageOf(Beneficiary),
        query: { ...f, cursor: pageParam, limit: 100 },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const useParcelBatches = (actingOrgId: number | null) =>
  useQuery({
    queryKey: ['care', 'parcels', actingOrgId],
    queryFn: async () => (await api('/care-programs/parcels', { schema: items(ParcelBatch) })).items,
  });

export const useDeliveries = (batchId: number | null) =>
  useQuery({
    queryKey: ['care', 'deliveries', batchId],
    queryFn: async () =>
      (await api(`/care-programs/parcels/${batchId}/deliveries`, { schema: items(ParcelDelivery) })).items,
    enabled: batchId !== null,
  });

export function useParcelActions() {
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['care'] });
  return {
    create: useMutation({
      mutationFn: (input: { programId: number; orgId: number; name: string; tier: 100 | 200; quantity: number }) =>
        api('/care-programs/parcels', { method: 'POST', body: input, schema: ParcelBatch }),
      onSuccess: refresh,
    }),
    allocate: useMutation({
      mutationFn: ({ batchId, orgId, quantity }: { batchId: number; orgId: number; quantity: number }) =>
        api(`/care-programs/parcels/${batchId}/allocations`, {
          method: 'POST',
          body: { items: [{ orgId, quantity }] },
          schema: ParcelBatch,
        }),
      onSuccess: refresh,
    }),
    deliver: useMutation({
      mutationFn: ({ batchId, personId, deliveredOn }: { batchId: number; personId: number; deliveredOn: string }) =>
        api(`/care-programs/parcels/${batchId}/deliveries`, {
          method: 'POST',
          body: { personId, deliveredOn, verified: true },
          schema: ParcelDelivery,
        }),
      onSuccess: refresh,
    }),
    feedback: useMutation({
      mutationFn: ({
        deliveryId,
        ...body
      }: {
        deliveryId: number;
        receivedOn: string;
        satisfaction: string;
        message: string;
      }) => api(`/care-programs/deliveries/${deliveryId}/feedback`, { method: 'POST', body, schema: ParcelDelivery }),
      onSuccess: refresh,
    }),
  };
}

export const useGreetingLists = (actingOrgId: number | null) =>
  useQuery({
    queryKey: ['care', 'greetings', actingOrgId],
    queryFn: async () => (await api('/care-programs/greetings', { schema: items(GreetingList) })).items,
  });
export const useGreetingList = (id: number | null) =>
  useQuery({
    queryKey: ['care', 'greeting', id],
    queryFn: () => api(`/care-programs/greetings/${id}`, { schema: GreetingList }),
    enabled: id !== null,
  });
export function useGreetingActions() {
  const qc = useQueryClient();
  return {
    create: useMutation({
      mutationFn: (input: {
        programId: number;
        orgId: number;
        name: string;
        festival: string;
        tagsAny: string[];
        greetOn: string;
      }) => api('/care-programs/greetings', { method: 'POST', body: input, schema: GreetingList }),
      onSuccess: () => void qc.invalidateQueries({ queryKey: ['care', 'greetings'] }),
    }),
    greet: useMutation({
      mutationFn: ({ listId, entryId }: { listId: number; entryId: number }) =>
        api(`/care-programs/greetings/${listId}/entries/${entryId}/greeted`, { method: 'POST', schema: GreetingList }),
      onSuccess: (l) => qc.setQueryData(['care', 'greeting', l.id], l),
    }),
  };
}
