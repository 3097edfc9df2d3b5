import { useQuery } from '@tanstack/react-query';
import { AuditEvent, CaseListItem, CasesDue, DemandListItem, pageOf, RoleGrant, WorkItem } from '@jinguo/contracts';
import { api } from '../../app/api';

/**
 * The workbench's reads: each one an existing list endpoint asked for one page with the filter the card counts
 * (tally.ts), plus GET /cases/due; the referral inbox, the campaigns and the unread count are their features' own
 * hooks. Keys start with the owning feature's word, so that feature's invalidations after a write refresh the
 * workbench too; the acting org is in the key of every list it scopes.
 */

/** Enough rows for a day's work; a fuller page shows its count as "n+". */
const PAGE = 200;

export const useDemandQueueHead = (view: 'queue' | 'mine', acting: number | null) =>
  useQuery({
    queryKey: ['demands', 'workbench', 'queue', view, acting],
    queryFn: () => api('/demands', { schema: pageOf(DemandListItem), query: { view, limit: PAGE } }),
  });

export const useDemandsAwaitingSignFor = (acting: number | null, enabled: boolean) =>
  useQuery({
    enabled,
    queryKey: ['demands', 'workbench', 'received', acting],
    queryFn: () =>
      api('/demands', { schema: pageOf(DemandListItem), query: { view: 'queue', state: 'received', limit: PAGE } }),
  });

export const useTaskInbox = (acting: number | null) =>
  useQuery({
    queryKey: ['tasks', 'workbench', acting],
    queryFn: () => api('/tasks', { schema: pageOf(WorkItem), query: { box: 'inbox', limit: PAGE } }),
  });

export const useMyCases = (acting: number | null) =>
  useQuery({
    queryKey: ['cases', 'workbench', 'mine', acting],
    queryFn: () => api('/cases', { schema: pageOf(CaseListItem), query: { view: 'mine', limit: PAGE } }),
  });

export const useCasesDue = (acting: number | null) =>
  useQuery({
    queryKey: ['cases', 'workbench', 'due', acting],
    queryFn: () => api('/cases/due', { schema: CasesDue, query: { days: 7 } }),
  });

export const useLatestAuditEvents = () =>
  useQuery({
    queryKey: ['audit', 'workbench'],
    queryFn: () => api('/audit/events', { schema: pageOf(AuditEvent), query: { limit: 8 } }),
  });

export const usePendingGrants = () =>
  useQuery({
    queryKey: ['users', 'grants', 'workbench'],
    queryFn: () => api('/role-grants', { schema: pageOf(RoleGrant), query: { status: 'pending', limit: PAGE } }),
  });
