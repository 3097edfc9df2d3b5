import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  AgencyReferralView,
  CaseExistence,
  CaseListItem,
  CaseView,
  Figures,
  Mediator,
  NilReportBoard,
  pageOf,
  PartnerAgency,
  ReferralInbox,
  type CaseFromDemandInput,
  type CaseIntakeInput,
  type CaseListQuery,
} from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/cases and the partner agency's /api/v1/referrals. Every key starts with 'cases'. */
export const casesKeys = {
  all: ['cases'] as const,
  list: (q: Partial<CaseListQuery>, acting: number | null) => ['cases', 'list', q, acting] as const,
  detail: (id: number) => ['cases', 'detail', id] as const,
  summary: (id: number) => ['cases', 'summary', id] as const,
  agencies: (orgId: number) => ['cases', 'agencies', orgId] as const,
  inbox: ['cases', 'inbox'] as const,
  referral: (id: number) => ['cases', 'referral', id] as const,
  figures: (q: Record<string, unknown>) => ['cases', 'figures', q] as const,
  mediators: ['cases', 'mediators'] as const,
  nilReports: (q: Record<string, unknown>) => ['cases', 'nil-reports', q] as const,
};

export function useCaseList(q: Partial<CaseListQuery>, acting: number | null) {
  return useQuery({
    queryKey: casesKeys.list(q, acting),
    queryFn: () => api('/cases', { schema: pageOf(CaseListItem), query: { ...q, limit: 100 } }),
  });
}
export function useCase(id: number) {
  return useQuery({
    queryKey: casesKeys.detail(id),
    queryFn: () => api(`/cases/${id}`, { schema: CaseView }),
    retry: false,
  });
}
export function useCaseSummary(id: number, enabled: boolean) {
  return useQuery({
    queryKey: casesKeys.summary(id),
    queryFn: () => api(`/cases/${id}/summary`, { schema: CaseExistence }),
    enabled,
  });
}
export function useAgencies(orgId: number) {
  return useQuery({
    queryKey: casesKeys.agencies(orgId),
    queryFn: () => api('/cases/agencies', { schema: z.object({ items: z.array(PartnerAgency) }), query: { orgId } }),
  });
}
export function useFigures(q: { orgId?: number | undefined; from: string; to: string; by: 'self' | 'children' }) {
  return useQuery({
    queryKey: casesKeys.figures(q),
    queryFn: () => api('/cases/figures', { schema: Figures, query: q }),
  });
}

export function useMediators(enabled: boolean) {
  return useQuery({
    queryKey: casesKeys.mediators,
    queryFn: () => api('/cases/mediators', { schema: z.object({ items: z.array(Mediator) }) }),
    enabled,
  });
}
export function useNilReportBoard(q: { orgId?: number | undefined; period: string }) {
  return useQuery({
    queryKey: casesKeys.nilReports(q),
    queryFn: () => api('/cases/nil-reports', { schema: NilReportBoard, query: q }),
  });
}
/** 零报告 and screening visits: both change the board and the five-mechanism figures. */
export function useFiguresWrite(path: '/cases/nil-reports' | '/cases/screenings') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) => api(path, { method: 'POST', body, schema: z.object({ id: z.number().int() }) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['cases', 'nil-reports'] });
      void qc.invalidateQueries({ queryKey: ['cases', 'figures'] });
    },
  });
}

/** Any write on a case: POST/PUT/PATCH to a case sub-resource answers with the updated CaseView. */
export function useCaseAction(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { path: string; body: unknown; method?: 'POST' | 'PUT' | 'PATCH' }) =>
      api(`/cases/${id}${a.path}`, { method: a.method ?? 'POST', body: a.body, schema: CaseView }),
    onSuccess: (view) => {
      qc.setQueryData(casesKeys.detail(id), view);
      void qc.invalidateQueries({ queryKey: ['cases', 'list'] });
    },
  });
}
export function useIntake() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CaseIntakeInput) => api('/cases', { method: 'POST', body: input, schema: CaseView }),
    onSuccess: (view) => {
      qc.setQueryData(casesKeys.detail(view.id), view);
      void qc.invalidateQueries({ queryKey: ['cases', 'list'] });
    },
  });
}
/** 诉求转维权: the demand becomes a case; both the demand and the case lists change. */
export function useCaseFromDemand(demandId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CaseFromDemandInput) =>
      api(`/cases/from-demand/${demandId}`, { method: 'POST', body: input, schema: CaseView }),
    onSuccess: (view) => {
      qc.setQueryData(casesKeys.detail(view.id), view);
      void qc.invalidateQueries({ queryKey: ['cases', 'list'] });
      void qc.invalidateQueries({ queryKey: ['demands'] });
    },
  });
}
export function useBreakGlass(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      api(`/cases/${id}/break-glass`, { method: 'POST', body: { reason }, schema: CaseView }),
    onSuccess: (view) => qc.setQueryData(casesKeys.detail(id), view),
  });
}

/** The agency's inbox a page at a time, what needs it first; `counts` (the whole inbox) comes with the first page. */
export function useReferralInbox() {
  return useInfiniteQuery({
    queryKey: casesKeys.inbox,
    queryFn: ({ pageParam }) => api('/referrals', { schema: ReferralInbox, query: { cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
/** The top of the inbox (to accept, then to answer) and its counts by status: the workbench's card. */
export function useReferralInboxTop(limit: number) {
  return useQuery({
    queryKey: [...casesKeys.inbox, 'top', limit],
    queryFn: () => api('/referrals', { schema: ReferralInbox, query: { limit } }),
  });
}
export function useAgencyReferral(id: number) {
  return useQuery({
    queryKey: casesKeys.referral(id),
    queryFn: () => api(`/referrals/${id}`, { schema: AgencyReferralView }),
  });
}
export function useRespond(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (
      body:
        | { action: 'accept' }
        | { action: 'decline'; reason: string }
        | { action: 'report'; text: string; final: boolean },
    ) => api(`/referrals/${id}/respond`, { method: 'POST', body, schema: AgencyReferralView }),
    onSuccess: (v) => {
      qc.setQueryData(casesKeys.referral(id), v);
      void qc.invalidateQueries({ queryKey: casesKeys.inbox });
    },
  });
}
