import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Demand,
  DemandCategory,
  DemandIndicators,
  DemandListItem,
  pageOf,
  ServiceItem,
  SuggestionItem,
  type DemandInput,
  type DemandTransitionInput,
  type ServiceItemInput,
  type SupervisionInput,
} from '@jinguo/contracts';
import { api } from '../../app/api';

/**
 * Typed hooks over /api/v1/demands (the queues, one demand and its transitions, indicators, suggestions) and
 * /api/v1/catalogue (服务清单). Every key starts with 'demands' so one invalidation after a write refreshes them all.
 */

const Page = pageOf(DemandListItem);
const itemsOf = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

export type QueueView = 'queue' | 'supervised' | 'mine' | 'all';
export interface QueueFilters {
  view: QueueView;
  state?: string | undefined;
  source?: string | undefined;
  category?: string | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
}

export function useDemandQueue(f: QueueFilters, actingOrgId: number | null) {
  return useInfiniteQuery({
    queryKey: ['demands', 'list', f, actingOrgId],
    queryFn: ({ pageParam }) =>
      api('/demands', {
        schema: Page,
        query: {
          view: f.view,
          state: f.state,
          source: f.source,
          category: f.category,
          overdue: f.overdue === undefined ? undefined : String(f.overdue),
          q: f.q,
          cursor: pageParam,
          limit: 50,
        },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export const useDemand = (id: number) =>
  useQuery({
    queryKey: ['demands', 'detail', id],
    queryFn: () => api(`/demands/${id}`, { schema: Demand }),
    enabled: id > 0,
  });

export function useCreateDemand() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DemandInput) => api('/demands', { method: 'POST', body: input, schema: Demand }),
    meta: { quiet: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['demands'] }),
  });
}

export function useTransition(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DemandTransitionInput) =>
      api(`/demands/${id}/transitions`, { method: 'POST', body: input, schema: Demand }),
    meta: { quiet: true },
    onSuccess: (d) => {
      qc.setQueryData(['demands', 'detail', id], d);
      void qc.invalidateQueries({ queryKey: ['demands', 'list'] });
    },
  });
}

export function useSupervise(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SupervisionInput) =>
      api(`/demands/${id}/supervision`, { method: 'POST', body: input, schema: Demand }),
    meta: { quiet: true },
    onSuccess: (d) => {
      qc.setQueryData(['demands', 'detail', id], d);
      void qc.invalidateQueries({ queryKey: ['demands', 'list'] });
    },
  });
}

export const useCategories = () =>
  useQuery({
    queryKey: ['demands', 'categories'],
    queryFn: () => api('/demands/categories', { schema: itemsOf(DemandCategory) }),
    staleTime: 10 * 60_000,
    select: (r) => r.items,
  });

export const useHandlers = (orgId: number) =>
  useQuery({
    queryKey: ['demands', 'handlers', orgId],
    queryFn: () =>
      api('/demands/handlers', {
        schema: itemsOf(z.object({ id: z.number(), displayName: z.string(), roles: z.array(z.string()) })),
        query: { orgId },
      }),
    enabled: orgId > 0,
    select: (r) => r.items,
  });

export const useIndicators = (q: {
  orgId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  by: 'self' | 'children';
}) =>
  useQuery({
    queryKey: ['demands', 'indicators', q],
    queryFn: () => api('/demands/indicators', { schema: DemandIndicators, query: q }),
    placeholderData: keepPreviousData,
  });

export const useSuggestions = (handed: boolean | undefined, actingOrgId: number | null) =>
  useQuery({
    queryKey: ['demands', 'suggestions', handed, actingOrgId],
    queryFn: () =>
      api('/demands/suggestions', {
        schema: itemsOf(SuggestionItem),
        query: { handed: handed === undefined ? undefined : String(handed) },
      }),
    select: (r) => r.items,
  });

export function useHandOver() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { demandIds: number[]; handedTo: string; note?: string }) =>
      api('/demands/suggestions/hand-over', { method: 'POST', body: input, schema: z.object({ handed: z.number() }) }),
    meta: { quiet: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['demands'] }),
  });
}

export const useCatalogue = (orgId: number | undefined, includeInactive: boolean) =>
  useQuery({
    queryKey: ['demands', 'catalogue', orgId, includeInactive],
    queryFn: () =>
      api('/catalogue', {
        schema: itemsOf(ServiceItem),
        query: { orgId, includeInactive: includeInactive ? 'true' : undefined },
      }),
    enabled: orgId !== undefined,
    select: (r) => r.items,
  });

export function useSaveServiceItem(id: number | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ServiceItemInput) =>
      id === null
        ? api('/catalogue', { method: 'POST', body: input, schema: ServiceItem })
        : api(`/catalogue/${id}`, {
            method: 'PATCH',
            body: (({ orgId: _o, ...rest }) => rest)(input),
            schema: ServiceItem,
          }),
    meta: { quiet: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['demands', 'catalogue'] }),
  });
}

export function useToggleServiceItem() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, active }: { id: number; active: boolean }) =>
      api(`/catalogue/${id}`, { method: 'PATCH', body: { active }, schema: ServiceItem }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['demands', 'catalogue'] }),
  });
}
