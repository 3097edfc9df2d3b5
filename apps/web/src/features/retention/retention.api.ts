import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { RetentionPolicy, RetentionRun } from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/retention: periods per record type, dry-run reports, confirmed runs (system admin). */
const keys = { all: ['retention'] as const, policies: ['retention', 'policies'] as const, runs: ['retention', 'runs'] };

export const useRetentionPolicies = () =>
  useQuery({
    queryKey: keys.policies,
    queryFn: () =>
      api('/retention/policies', { schema: z.object({ items: z.array(RetentionPolicy) }) }).then((r) => r.items),
  });

export const useRetentionRuns = () =>
  useQuery({
    queryKey: keys.runs,
    queryFn: () => api('/retention/runs', { schema: z.object({ items: z.array(RetentionRun) }) }).then((r) => r.items),
  });

function useRetentionMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }) });
}

export const useUpdatePolicy = () =>
  useRetentionMutation((v: { recordType: string; purpose: string; retentionDays: number; enabled: boolean }) =>
    api(`/retention/policies/${v.recordType}`, {
      method: 'PUT',
      body: { purpose: v.purpose, retentionDays: v.retentionDays, enabled: v.enabled },
      schema: RetentionPolicy,
    }),
  );

export const useDryRun = () =>
  useRetentionMutation(() => api('/retention/runs', { method: 'POST', body: {}, schema: RetentionRun }));

export const useApplyReport = () =>
  useRetentionMutation((runId: number) =>
    api(`/retention/runs/${runId}/apply`, { method: 'POST', body: {}, schema: RetentionRun }),
  );
