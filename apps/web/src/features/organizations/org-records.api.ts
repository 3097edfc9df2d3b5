import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { Officer, Space, Term, type OfficerInput, type SpaceInput, type TermState } from '@jinguo/contracts';
import { api } from '../../app/api';
import { orgKeys } from './organizations.api';

/** Typed hooks over an org's records: spaces 阵地, officers 执委/干部 and terms 换届. */

const Spaces = z.object({ items: z.array(Space) });
const Officers = z.object({ items: z.array(Officer) });
const Terms = z.object({ items: z.array(Term) });

/** Under 'orgs' too: a write here changes coverage and the detail's current term. */
const recordKeys = {
  spaces: (orgId: number) => ['orgs', 'spaces', orgId] as const,
  officers: (orgId: number) => ['orgs', 'officers', orgId] as const,
  terms: (orgId: number) => ['orgs', 'terms', orgId] as const,
};

export const useSpaces = (orgId: number) =>
  useQuery({
    queryKey: recordKeys.spaces(orgId),
    queryFn: () => api(`/organizations/${orgId}/spaces`, { schema: Spaces }).then((r) => r.items),
  });

export const useOfficers = (orgId: number) =>
  useQuery({
    queryKey: recordKeys.officers(orgId),
    queryFn: () => api(`/organizations/${orgId}/officers`, { schema: Officers }).then((r) => r.items),
  });

export const useTerms = (orgId: number) =>
  useQuery({
    queryKey: recordKeys.terms(orgId),
    queryFn: () => api(`/organizations/${orgId}/terms`, { schema: Terms }).then((r) => r.items),
  });

function useRecordMutation<V, R>(fn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: orgKeys.all }) });
}

export const useSaveSpace = (orgId: number) =>
  useRecordMutation(({ id, input }: { id?: number; input: SpaceInput }) =>
    id === undefined
      ? api(`/organizations/${orgId}/spaces`, { method: 'POST', body: input, schema: Space })
      : api(`/spaces/${id}`, { method: 'PATCH', body: input, schema: Space }),
  );

export const useDeleteSpace = () => useRecordMutation((id: number) => api(`/spaces/${id}`, { method: 'DELETE' }));

export const useCreateOfficer = (orgId: number) =>
  useRecordMutation((input: OfficerInput) =>
    api(`/organizations/${orgId}/officers`, { method: 'POST', body: input, schema: Officer }),
  );

export const useEndOfficer = () =>
  useRecordMutation(({ id, endedOn, reason }: { id: number; endedOn: string; reason: string }) =>
    api(`/officers/${id}/end`, { method: 'POST', body: { endedOn, reason } }),
  );

export const useCreateTerm = (orgId: number) =>
  useRecordMutation((input: { number: number; startsOn?: string | null; dueOn: string }) =>
    api(`/organizations/${orgId}/terms`, { method: 'POST', body: input, schema: Term }),
  );

export const useTransitionTerm = () =>
  useRecordMutation(({ id, to, note }: { id: number; to: TermState; note?: string }) =>
    api(`/terms/${id}/transition`, { method: 'POST', body: { to, note }, schema: Term }),
  );
