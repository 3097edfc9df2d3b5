import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Checklist,
  DutyKindInfo,
  DutyProject,
  DutyTable,
  MyDuties,
  type ChecklistInput,
  type ProgressStatus,
  type ProjectInput,
} from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/duties: the 执委 checklist, her progress, the table of who is behind, led projects. */

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

export const useMyDuties = (year: number) =>
  useQuery({
    queryKey: ['duties', 'me', year],
    queryFn: () => api('/duties/me', { schema: MyDuties, query: { year } }),
    // counted from other modules' records (a visit just recorded): always read afresh when the page opens
    refetchOnMount: 'always',
  });

export const useDutyTable = (year: number, status: ProgressStatus | undefined, actingOrgId: number | null) =>
  useQuery({
    queryKey: ['duties', 'table', year, status, actingOrgId],
    queryFn: () => api('/duties/table', { schema: DutyTable, query: { year, status } }),
    refetchOnMount: 'always',
  });

export const useDutyKinds = () =>
  useQuery({
    queryKey: ['duties', 'kinds'],
    queryFn: async () => (await api('/duties/kinds', { schema: items(DutyKindInfo) })).items,
    staleTime: Infinity,
  });

export const useChecklist = (year: number, actingOrgId: number | null) =>
  useQuery({
    queryKey: ['duties', 'checklist', year, actingOrgId],
    queryFn: () => api('/duties/checklist', { schema: Checklist.nullable(), query: { year } }),
  });

export function useSaveChecklist() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChecklistInput) => api('/duties/checklist', { method: 'PUT', body: input, schema: Checklist }),
    meta: { quiet: true },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['duties'] }),
  });
}

export const useProjects = (year: number, actingOrgId: number | null) =>
  useQuery({
    queryKey: ['duties', 'projects', year, actingOrgId],
    queryFn: async () => (await api('/duties/projects', { schema: items(DutyProject), query: { year } })).items,
  });

export function useCreateProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ProjectInput) => api('/duties/projects', { method: 'POST', body: input, schema: DutyProject }),
    meta: { quiet: true },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['duties'] }),
  });
}
