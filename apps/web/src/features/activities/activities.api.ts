import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Activity,
  ActivityFigures,
  ActivityListItem,
  AttendanceImportReport,
  AttendanceLive,
  CheckInQr,
  CheckInResult,
  pageOf,
  Registration,
  SpaceActivity,
  TrainingSheet,
  type ActivityInput,
  type ActivityPatch,
  type ActivitySummaryInput,
  type TrainingRecordInput,
} from '@jinguo/contracts';
import { api, apiDownload } from '../../app/api';
import { saveBlob } from '../people/saveBlob';

/** Typed hooks over /api/v1/activities: plan, list, the state actions, QR, live check-ins, Excel, trainings. */

const Page = pageOf(ActivityListItem);
const Id = z.object({ id: z.number().int() });

export interface ActivityFilter {
  kind?: string | undefined;
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function useActivities(f: ActivityFilter, actingOrgId: number | null) {
  return useInfiniteQuery({
    queryKey: ['activities', 'list', f, actingOrgId],
    queryFn: ({ pageParam }) => api('/activities', { schema: Page, query: { ...f, cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export const useActivity = (id: number) =>
  useQuery({
    queryKey: ['activities', 'detail', id],
    queryFn: () => api(`/activities/${id}`, { schema: Activity }),
    enabled: id > 0,
  });

function useActivityMutation<I>(id: number, call: (input: I) => Promise<Activity>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    meta: { quiet: true },
    onSuccess: (a) => {
      qc.setQueryData(['activities', 'detail', id], a);
      void qc.invalidateQueries({ queryKey: ['activities', 'list'] });
      void qc.invalidateQueries({ queryKey: ['activities', 'live', id] });
    },
  });
}

export function usePlanActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ActivityInput) => api('/activities', { method: 'POST', body: input, schema: Activity }),
    meta: { quiet: true },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['activities', 'list'] }),
  });
}
export const useUpdateActivity = (id: number) =>
  useActivityMutation(id, (patch: ActivityPatch) =>
    api(`/activities/${id}`, { method: 'PATCH', body: patch, schema: Activity }),
  );
export const useActivityAction = (id: number) =>
  useActivityMutation(id, (action: 'open' | 'hold') =>
    api(`/activities/${id}/${action}`, { method: 'POST', schema: Activity }),
  );
export const useCancelActivity = (id: number) =>
  useActivityMutation(id, (reason: string) =>
    api(`/activities/${id}/cancel`, { method: 'POST', body: { reason }, schema: Activity }),
  );
export const useSummarise = (id: number) =>
  useActivityMutation(id, (input: ActivitySummaryInput) =>
    api(`/activities/${id}/summary`, { method: 'POST', body: input, schema: Activity }),
  );
export const useAddPhoto = (id: number) =>
  useActivityMutation(id, (file: File) =>
    api(`/activities/${id}/photos`, { method: 'POST', body: file, query: { name: file.name }, schema: Activity }),
  );

export const useQr = (id: number, enabled: boolean) =>
  useQuery({
    queryKey: ['activities', 'qr', id],
    queryFn: () => api(`/activities/${id}/qr`, { schema: CheckInQr }),
    enabled: enabled && id > 0,
    staleTime: 5 * 60_000,
  });

/** The organiser's live list: polled every two seconds while the page is open. */
export const useLive = (id: number) =>
  useQuery({
    queryKey: ['activities', 'live', id],
    queryFn: () => api(`/activities/${id}/attendance`, { schema: AttendanceLive }),
    enabled: id > 0,
    refetchInterval: 2000,
  });

export const useRegistrations = (id: number) =>
  useQuery({
    queryKey: ['activities', 'registrations', id],
    queryFn: () => api(`/activities/${id}/registrations`, { schema: z.object({ items: z.array(Registration) }) }),
    enabled: id > 0,
  });

export function useRegisterFor(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; phone: string; personId?: number | null }) =>
      api(`/activities/${id}/registrations`, { method: 'POST', body: input, schema: Id }),
    meta: { quiet: true },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['activities'] }),
  });
}
export function useCheckInFor(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; phone: string; personId?: number | null }) =>
      api(`/activities/${id}/attendance`, { method: 'POST', body: input, schema: CheckInResult }),
    meta: { quiet: true },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['activities'] }),
  });
}

export async function downloadAttendance(id: number, title: string) {
  const { blob, filename } = await apiDownload(`/activities/${id}/attendance.xlsx`);
  saveBlob(blob, filename ?? `${title}-签到名单.xlsx`);
}
export async function downloadTemplate() {
  const { blob, filename } = await apiDownload('/activities/attendance-template.xlsx');
  saveBlob(blob, filename ?? '签到导入模板.xlsx');
}
export async function downloadErrors(file: File) {
  const { blob, filename } = await apiDownload('/activities/attendance/errors.xlsx', { method: 'POST', body: file });
  saveBlob(blob, filename ?? '签到导入-错误.xlsx');
}
export function useImportAttendance(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) =>
      api(`/activities/${id}/attendance/import`, {
        method: 'POST',
        body: file,
        query: { dryRun: String(dryRun) },
        schema: AttendanceImportReport,
      }),
    onSuccess: (r) => {
      if (!r.dryRun) void qc.invalidateQueries({ queryKey: ['activities'] });
    },
  });
}

export const useFigures = (q: { orgId?: number | undefined; from: string; to: string; by: 'self' | 'children' }) =>
  useQuery({
    queryKey: ['activities', 'figures', q],
    queryFn: () => api('/activities/figures', { schema: ActivityFigures, query: q }),
  });

export const useSpaces = (orgId: number | null) =>
  useQuery({
    queryKey: ['activities', 'spaces', orgId],
    queryFn: () =>
      api('/activities/spaces', {
        schema: z.object({ items: z.array(SpaceActivity) }),
        query: { orgId: orgId ?? undefined },
      }),
  });

export const useTrainingSheet = (personId: number | null) =>
  useQuery({
    queryKey: ['activities', 'trainings', personId],
    queryFn: () => api(`/activities/trainings/${personId}`, { schema: TrainingSheet }),
    enabled: personId !== null,
  });
export function useRecordTraining() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TrainingRecordInput) =>
      api('/activities/trainings', { method: 'POST', body: input, schema: Id }),
    meta: { quiet: true },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['activities', 'trainings'] }),
  });
}
