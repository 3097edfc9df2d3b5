import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Campaign,
  CampaignProgress,
  pageOf,
  Visit,
  VisitListItem,
  type CampaignInput,
  type VisitInput,
} from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/visits: records, photos, needs turned into demands, 三访 campaigns and their progress. */

const Page = pageOf(VisitListItem);

export function useVisits(
  f: { campaignId?: number | undefined; kind?: string | undefined; mine?: boolean | undefined },
  actingOrgId: number | null,
) {
  return useInfiniteQuery({
    queryKey: ['visits', 'list', f, actingOrgId],
    queryFn: ({ pageParam }) =>
      api('/visits', {
        schema: Page,
        query: {
          campaignId: f.campaignId,
          kind: f.kind,
          mine: f.mine ? 'true' : undefined,
          cursor: pageParam,
          limit: 50,
        },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export const useVisit = (id: number) =>
  useQuery({
    queryKey: ['visits', 'detail', id],
    queryFn: () => api(`/visits/${id}`, { schema: Visit }),
    enabled: id > 0,
  });

export function useRecordVisit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: VisitInput) => api('/visits', { method: 'POST', body: input, schema: Visit }),
    meta: { quiet: true },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['visits'] });
      void qc.invalidateQueries({ queryKey: ['demands'] });
    },
  });
}

export function useConvertNeed(visitId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (needId: number) => api(`/visits/${visitId}/needs/${needId}/demand`, { method: 'POST', schema: Visit }),
    onSuccess: (v) => {
      qc.setQueryData(['visits', 'detail', visitId], v);
      void qc.invalidateQueries({ queryKey: ['demands'] });
    },
  });
}

/** The photo itself is the body; the server checks its type by its bytes and its size. */
export function useAddPhoto(visitId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      api(`/visits/${visitId}/photos`, { method: 'POST', body: file, query: { name: file.name }, schema: Visit }),
    onSuccess: (v) => qc.setQueryData(['visits', 'detail', visitId], v),
  });
}

export function useRemovePhoto(visitId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (fileId: number) => api(`/visits/${visitId}/photos/${fileId}`, { method: 'DELETE', schema: Visit }),
    onSuccess: (v) => qc.setQueryData(['visits', 'detail', visitId], v),
  });
}

export const useCampaigns = (actingOrgId: number | null) =>
  useQuery({
    queryKey: ['visits', 'campaigns', actingOrgId],
    queryFn: () => api('/visits/campaigns', { schema: z.object({ items: z.array(Campaign) }) }),
    select: (r) => r.items,
  });
export const useCampaign = (id: number) =>
  useQuery({
    queryKey: ['visits', 'campaign', id],
    queryFn: () => api(`/visits/campaigns/${id}`, { schema: Campaign }),
    enabled: id > 0,
  });
export const useCampaignProgress = (id: number, orgId: number | undefined) =>
  useQuery({
    queryKey: ['visits', 'campaign', id, 'progress', orgId],
    queryFn: () => api(`/visits/campaigns/${id}/progress`, { schema: CampaignProgress, query: { orgId } }),
    enabled: id > 0,
    placeholderData: keepPreviousData,
  });

export function useLaunchCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CampaignInput) => api('/visits/campaigns', { method: 'POST', body: input, schema: Campaign }),
    meta: { quiet: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['visits'] }),
  });
}

export function useCloseCampaign(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api(`/visits/campaigns/${id}/close`, { method: 'POST', schema: Campaign }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['visits'] }),
  });
}
