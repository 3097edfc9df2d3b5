import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Aggregate,
  Assignment,
  AssignmentHistory,
  Board,
  FormPeriods,
  MetricOption,
  pageOf,
  ReportForm,
  ReportFormInput,
  Task,
  WorkItem,
  type AssignmentState,
  type ForwardInput,
  type FormValues,
  type TaskInput,
} from '@jinguo/contracts';
import { api, apiDownload } from '../../app/api';
import { saveBlob } from '../people/saveBlob';

/** Typed hooks over /api/v1/tasks: work list, dispatch, each receiver's copy, board, aggregate, forms. */

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const Template = ReportFormInput.omit({ orgId: true }).extend({ code: z.string() });
export type Template = z.infer<typeof Template>;

export const useWorkList = (box: 'inbox' | 'sent', state: AssignmentState | undefined, actingOrgId: number | null) =>
  useQuery({
    queryKey: ['tasks', 'list', box, state, actingOrgId],
    queryFn: () => api('/tasks', { schema: pageOf(WorkItem), query: { box, state, limit: 100 } }),
    placeholderData: keepPreviousData,
  });

export const useTask = (id: number) =>
  useQuery({ queryKey: ['tasks', 'task', id], queryFn: () => api(`/tasks/${id}`, { schema: Task }), enabled: id > 0 });

export const useAssignment = (taskId: number, id: number) =>
  useQuery({
    queryKey: ['tasks', 'assignment', taskId, id],
    queryFn: () => api(`/tasks/${taskId}/assignments/${id}`, { schema: Assignment }),
    enabled: taskId > 0 && id > 0,
  });

export const useHistory = (taskId: number, id: number) =>
  useQuery({
    queryKey: ['tasks', 'history', taskId, id],
    queryFn: () => api(`/tasks/${taskId}/assignments/${id}/history`, { schema: AssignmentHistory }),
    enabled: taskId > 0 && id > 0,
  });

export const useBoard = (taskId: number, state: string | undefined) =>
  useQuery({
    queryKey: ['tasks', 'board', taskId, state],
    queryFn: () => api(`/tasks/${taskId}/board`, { schema: Board, query: { state, limit: 200 } }),
    placeholderData: keepPreviousData,
  });

export const useAggregate = (taskId: number, orgId: number | undefined, include: 'submitted' | 'approved') =>
  useQuery({
    queryKey: ['tasks', 'aggregate', taskId, orgId, include],
    queryFn: () => api(`/tasks/${taskId}/aggregate`, { schema: Aggregate, query: { orgId, include } }),
    placeholderData: keepPreviousData,
  });

export async function downloadTaskExcel(
  taskId: number,
  kind: 'aggregate' | 'submissions',
  query: { orgId?: number | undefined; include: string },
) {
  const { blob, filename } = await apiDownload(`/tasks/${taskId}/${kind}.xlsx`, { query });
  saveBlob(blob, filename ?? `${kind}.xlsx`);
}

export const useForms = () =>
  useQuery({ queryKey: ['tasks', 'forms'], queryFn: () => api('/tasks/forms', { schema: items(ReportForm) }) });
export const useTemplates = () =>
  useQuery({
    queryKey: ['tasks', 'templates'],
    queryFn: () => api('/tasks/forms/templates', { schema: items(Template) }),
    staleTime: Infinity,
  });
export const useMetrics = () =>
  useQuery({
    queryKey: ['tasks', 'metrics'],
    queryFn: () => api('/tasks/metrics', { schema: items(MetricOption) }),
    staleTime: Infinity,
  });
export const usePeriods = (formId: number, orgId: number | undefined) =>
  useQuery({
    queryKey: ['tasks', 'periods', formId, orgId],
    queryFn: () => api(`/tasks/forms/${formId}/periods`, { schema: FormPeriods, query: { orgId } }),
    enabled: formId > 0,
  });

function useInvalidate() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: ['tasks'] });
}

export function useSaveForm(id: number | null) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (input: z.input<typeof ReportFormInput> & { template?: string | null }) =>
      id
        ? api(`/tasks/forms/${id}`, { method: 'PUT', body: input, schema: ReportForm })
        : api('/tasks/forms', { method: 'POST', body: input, schema: ReportForm }),
    meta: { quiet: true },
    onSuccess: done,
  });
}

export function useDispatch() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (input: TaskInput) => api('/tasks', { method: 'POST', body: input, schema: Task }),
    meta: { quiet: true },
    onSuccess: done,
  });
}

export function useForward(taskId: number, id: number) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (input: ForwardInput) =>
      api(`/tasks/${taskId}/assignments/${id}/forward`, { method: 'POST', body: input, schema: Task }),
    meta: { quiet: true },
    onSuccess: done,
  });
}

/** Sign, save, submit, return, approve, reopen: each answers the copy as it now is. */
export function useAssignmentAction(taskId: number, id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: {
      action: 'sign' | 'save' | 'submit' | 'return' | 'approve' | 'reopen';
      values?: FormValues;
      version?: number;
      reason?: string;
    }) => {
      const url = `/tasks/${taskId}/assignments/${id}`;
      if (a.action === 'save')
        return api(`${url}/values`, {
          method: 'PUT',
          body: { values: a.values, version: a.version },
          schema: Assignment,
        });
      if (a.action === 'submit')
        return api(`${url}/submit`, {
          method: 'POST',
          body: { values: a.values, version: a.version },
          schema: Assignment,
        });
      if (a.action === 'sign') return api(`${url}/sign`, { method: 'POST', schema: Assignment });
      return api(`${url}/${a.action}`, {
        method: 'POST',
        body: a.reason ? { reason: a.reason } : {},
        schema: Assignment,
      });
    },
    meta: { quiet: true },
    onSuccess: (v) => {
      qc.setQueryData(['tasks', 'assignment', taskId, id], v);
      void qc.invalidateQueries({ queryKey: ['tasks', 'list'] });
      void qc.invalidateQueries({ queryKey: ['tasks', 'board'] });
      void qc.invalidateQueries({ queryKey: ['tasks', 'history'] });
      void qc.invalidateQueries({ queryKey: ['tasks', 'aggregate'] });
    },
  });
}

export function useRemind(taskId: number) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (assignmentId: number | null) =>
      api(assignmentId ? `/tasks/${taskId}/assignments/${assignmentId}/remind` : `/tasks/${taskId}/remind`, {
        method: 'POST',
        schema: z.object({ reminded: z.number() }),
      }),
    onSuccess: done,
  });
}

export function useAttach(taskId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      api(`/tasks/${taskId}/attachments`, { method: 'POST', body: file, query: { name: file.name }, schema: Task }),
    onSuccess: (v) => qc.setQueryData(['tasks', 'task', taskId], v),
  });
}

export async function downloadAttachment(taskId: number, fileId: number, name: string) {
  const { blob } = await apiDownload(`/tasks/${taskId}/attachments/${fileId}`);
  saveBlob(blob, name);
}

export type BoardRow = z.infer<typeof Board>['rows'][number];
export type AggregateRow = z.infer<typeof Aggregate>['rows'][number];
