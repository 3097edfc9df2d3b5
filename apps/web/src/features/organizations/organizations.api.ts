import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Coverage,
  OrgDetail,
  OrgHistory,
  OrgNode,
  OrgSearchHit,
  OrgSummary,
  Reorganization,
  pageOf,
  type CreateOrgInput,
  type DissolveOrgInput,
  type MergeOrgInput,
  type MoveOrgInput,
  type RenameOrgInput,
  type SplitOrgInput,
  type UpdateOrgInput,
} from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/organizations. Spaces, officers and terms live in org-records.api.ts. */

const RootsResponse = z.object({ items: z.array(OrgNode), ancestors: z.array(OrgSummary) });
const NodesResponse = z.object({ items: z.array(OrgNode) });
const HitsResponse = z.object({ items: z.array(OrgSearchHit) });
const SummariesResponse = z.object({ items: z.array(OrgSummary) });
const SplitResponse = z.object({ items: z.array(OrgDetail) });
const ReorganizationPage = pageOf(Reorganization);

export interface ChildrenOptions {
  /** YYYY-MM-DD: the structure as it was on that day. */
  at?: string | null;
  includeInactive?: boolean;
}

/** Every org query starts with 'orgs' so one invalidation refreshes tree, detail and tabs after a write. */
export const orgKeys = {
  all: ['orgs'] as const,
  roots: (actingOrgId: number | null | undefined) => ['orgs', 'roots', actingOrgId ?? null] as const,
  children: (id: number, o: ChildrenOptions, actingOrgId?: number | null) =>
    ['orgs', 'children', id, o.at ?? null, o.includeInactive ?? false, actingOrgId ?? null] as const,
  detail: (id: number) => ['orgs', 'detail', id] as const,
  ancestors: (id: number) => ['orgs', 'ancestors', id] as const,
  search: (q: string, actingOrgId?: number | null) => ['orgs', 'search', q, actingOrgId ?? null] as const,
  history: (id: number) => ['orgs', 'history', id] as const,
  coverage: (id: number) => ['orgs', 'coverage', id] as const,
  reorganizations: ['orgs', 'reorganizations'] as const,
};

/** `actingOrgId` overrides the header (the org switcher browses the home subtree, not the acting one). */
export const fetchRoots = (actingOrgId?: number) => api('/organizations/roots', { schema: RootsResponse, actingOrgId });

export const fetchChildren = (id: number, o: ChildrenOptions, actingOrgId?: number) =>
  api(`/organizations/${id}/children`, {
    schema: NodesResponse,
    query: { at: o.at, includeInactive: o.includeInactive ? 'true' : undefined },
    actingOrgId,
  }).then((r) => r.items);

export const searchOrgs = (q: string, actingOrgId?: number, limit = 20) =>
  api('/organizations/search', { schema: HitsResponse, query: { q, limit }, actingOrgId }).then((r) => r.items);

export const fetchAncestors = (id: number) =>
  api(`/organizations/${id}/ancestors`, { schema: SummariesResponse }).then((r) => r.items);

export function useOrgRoots(actingOrgId: number | null | undefined) {
  return useQuery({ queryKey: orgKeys.roots(actingOrgId), queryFn: () => fetchRoots(), enabled: !!actingOrgId });
}

export function useOrgChildren(id: number, o: ChildrenOptions) {
  return useQuery({ queryKey: orgKeys.children(id, o), queryFn: () => fetchChildren(id, o) });
}

export function useOrgSearch(q: string, actingOrgId?: number) {
  const term = q.trim();
  return useQuery({
    queryKey: orgKeys.search(term, actingOrgId),
    queryFn: () => searchOrgs(term, actingOrgId),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useOrgDetail(id: number) {
  return useQuery({
    queryKey: orgKeys.detail(id),
    queryFn: () => api(`/organizations/${id}`, { schema: OrgDetail }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useOrgHistory(id: number) {
  return useQuery({
    queryKey: orgKeys.history(id),
    queryFn: () => api(`/organizations/${id}/history`, { schema: OrgHistory }),
  });
}

export function useCoverage(id: number) {
  return useQuery({
    queryKey: orgKeys.coverage(id),
    queryFn: () => api(`/organizations/${id}/coverage`, { schema: Coverage }),
  });
}

export function useReorganizations() {
  return useInfiniteQuery({
    queryKey: orgKeys.reorganizations,
    queryFn: ({ pageParam }) =>
      api('/organizations/reorganizations', { schema: ReorganizationPage, query: { cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function useOrgMutation<V, R>(fn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: orgKeys.all }),
  });
}

export const useCreateOrg = () =>
  useOrgMutation((input: CreateOrgInput) => api('/organizations', { method: 'POST', body: input, schema: OrgDetail }));

export const useUpdateOrg = (id: number) =>
  useOrgMutation((input: UpdateOrgInput) =>
    api(`/organizations/${id}`, { method: 'PATCH', body: input, schema: OrgDetail }),
  );

export type ReorganizeVariables =
  | { kind: 'rename'; input: RenameOrgInput }
  | { kind: 'move'; input: MoveOrgInput }
  | { kind: 'merge'; input: MergeOrgInput }
  | { kind: 'dissolve'; input: DissolveOrgInput };

export const useReorganizeOrg = (id: number) =>
  useOrgMutation(({ kind, input }: ReorganizeVariables) =>
    api(`/organizations/${id}/${kind}`, { method: 'POST', body: input, schema: OrgDetail }),
  );

export const useSplitOrg = (id: number) =>
  useOrgMutation((input: SplitOrgInput) =>
    api(`/organizations/${id}/split`, { method: 'POST', body: input, schema: SplitResponse }).then((r) => r.items),
  );
