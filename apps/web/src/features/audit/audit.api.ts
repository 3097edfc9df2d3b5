import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { AuditEvent, AuditVerification, pageOf } from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/audit. */

export interface AuditFilters {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: 'success' | 'failure';
  from?: string;
  to?: string;
}

const AuditPage = pageOf(AuditEvent);

export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', 'events', filters],
    queryFn: ({ pageParam }) =>
      api('/audit/events', { schema: AuditPage, query: { ...filters, cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const useVerifyAuditChain = () =>
  useMutation({ mutationFn: () => api('/audit/verify', { method: 'POST', schema: AuditVerification }) });
