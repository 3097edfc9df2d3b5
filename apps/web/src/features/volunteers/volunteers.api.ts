import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  CallUp,
  CallUpListItem,
  HoursEntry,
  pageOf,
  Team,
  Volunteer,
  VolunteerFigures,
  VolunteerOrder,
  type CallUpInput,
  type HoursInput,
  type TeamInput,
  type TeamKind,
  type VolunteerInput,
} from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/volunteers and /api/v1/call-ups: teams, volunteers, hours, figures, call-ups. */

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

export const useTeams = (kind: TeamKind | undefined, actingOrgId: number | null) =>
  useQuery({
    queryKey: ['volunteers', 'teams', kind, actingOrgId],
    queryFn: async () => (await api('/volunteers/teams', { schema: items(Team), query: { kind } })).items,
  });

export function useCreateTeam() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TeamInput) => api('/volunteers/teams', { method: 'POST', body: input, schema: Team }),
    meta: { quiet: true },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['volunteers'] }),
  });
}

export function useVolunteers(
  f: { teamId?: number | undefined; skill?: string | undefined; q?: string | undefined },
  actingOrgId: number | null,
) {
  return useInfiniteQuery({
    queryKey: ['volunteers', 'list', f, actingOrgId],
    queryFn: ({ pageParam }) =>
      api('/volunteers', {
        schema: pageOf(Volunteer),
        query: { teamId: f.teamId, skill: f.skill, q: f.q || undefined, cursor: pageParam, limit: 50 },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useRegisterVolunteer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: VolunteerInput) => api('/volunteers', { method: 'POST', body: input, schema: Volunteer }),
    meta: { quiet: true },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['volunteers'] }),
  });
}

export const useVolunteerOrders = (volunteerId: number | null) =>
  useQuery({
    queryKey: ['volunteers', 'orders', volunteerId],
    queryFn: async () => (await api(`/volunteers/${volunteerId}/orders`, { schema: items(VolunteerOrder) })).items,
    enabled: volunteerId !== null,
  });

export function useHours(volunteerId: number | undefined, actingOrgId: number | null) {
  return useInfiniteQuery({
    queryKey: ['volunteers', 'hours', volunteerId, actingOrgId],
    queryFn: ({ pageParam }) =>
      api('/volunteers/hours', {
        schema: pageOf(HoursEntry),
        query: { volunteerId, cursor: pageParam, limit: 50 },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useRecordHours() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: HoursInput) => api('/volunteers/hours', { method: 'POST', body: input, schema: HoursEntry }),
    meta: { quiet: true },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['volunteers'] }),
  });
}

export const useVolunteerFigures = (
  q: { from?: string | undefined; to?: string | undefined; by: 'self' | 'children' },
  actingOrgId: number | null,
) =>
  useQuery({
    queryKey: ['volunteers', 'figures', q, actingOrgId],
    queryFn: () => api('/volunteers/figures', { schema: VolunteerFigures, query: q }),
  });

export const useCallUps = (mine: boolean, actingOrgId: number | null) =>
  useQuery({
    queryKey: ['call-ups', 'list', mine, actingOrgId],
    queryFn: async () =>
      (await api('/call-ups', { schema: items(CallUpListItem), query: { mine: mine ? 'true' : undefined } })).items,
  });

export const useCallUp = (id: number) =>
  useQuery({
    queryKey: ['call-ups', 'detail', id],
    queryFn: () => api(`/call-ups/${id}`, { schema: CallUp }),
    enabled: id > 0,
  });

export function useCreateCallUp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CallUpInput) => api('/call-ups', { method: 'POST', body: input, schema: CallUp }),
    meta: { quiet: true },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['call-ups'] }),
  });
}

/** Answer, record attendance or cancel: each returns the call-up as it now stands. */
export function useCallUpAction(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { path: 'answer' | 'attendance' | 'cancel'; body?: unknown }) =>
      api(`/call-ups/${id}/${a.path}`, { method: 'POST', body: a.body, schema: CallUp }),
    onSuccess: (c) => {
      qc.setQueryData(['call-ups', 'detail', id], c);
      void qc.invalidateQueries({ queryKey: ['call-ups', 'list'] });
      void qc.invalidateQueries({ queryKey: ['volunteers'] });
    },
  });
}
