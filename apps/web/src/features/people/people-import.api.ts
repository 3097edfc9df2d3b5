import { useEffect } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ImportPreview, ImportRowProblems, PersonImport, pageOf, type ImportStatus } from '@jinguo/contracts';
import type { z } from 'zod';
import { api, apiDownload, type QueryValue } from '../../app/api';
import { saveBlob } from './saveBlob';

/** Typed hooks over the Excel round-trip: template, upload → preview, error workbook, commit → progress, export. */

const ImportPage = pageOf(PersonImport);
const ProblemPage = pageOf(ImportRowProblems);
type Status = z.infer<typeof ImportStatus>;

export const importKeys = {
  mine: ['people', 'imports', 'mine'] as const,
  one: (id: number) => ['people', 'imports', id] as const,
  problems: (id: number) => ['people', 'imports', id, 'problems'] as const,
};

/** Statuses in which the job still moves: the page polls until it leaves them. */
export const RUNNING: readonly Status[] = ['validating', 'queued', 'running'];

async function download(path: string, fallbackName: string, query?: Record<string, QueryValue>): Promise<void> {
  const { blob, filename } = await apiDownload(path, { query });
  saveBlob(blob, filename ?? fallbackName);
}

export const useDownloadTemplate = () =>
  useMutation({ mutationFn: () => download('/people/import/template', 'template.xlsx') });

export const useDownloadErrors = () =>
  useMutation({
    mutationFn: ({ id, only }: { id: number; only: 'all' | 'invalid' }) =>
      download(`/people/imports/${id}/errors.xlsx`, `import-${id}-errors.xlsx`, { only }),
  });

/** Masked: a GET of the streamed workbook. In clear: a POST with the reason and the password of the file. */
export const useExportPeople = () =>
  useMutation({
    mutationFn: async (
      input: { query: Record<string, QueryValue> } & (
        { clear: false } | { clear: true; reason: string; password: string }
      ),
    ) => {
      if (!input.clear) return download('/people/export.xlsx', 'people.xlsx', input.query);
      const { blob, filename } = await apiDownload('/people/export.xlsx', {
        method: 'POST',
        body: { ...withoutEmpty(input.query), reason: input.reason, password: input.password },
      });
      saveBlob(blob, filename ?? 'people.xlsx');
    },
  });

/** The search query as a JSON body: blank values and empty lists dropped, as the query string drops them. */
function withoutEmpty(query: Record<string, QueryValue>): Record<string, QueryValue> {
  return Object.fromEntries(
    Object.entries(query).filter(
      ([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0),
    ),
  );
}

export const useUploadImport = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      api('/people/imports', { method: 'POST', body: file, query: { filename: file.name }, schema: ImportPreview }),
    onSuccess: (preview) => {
      qc.setQueryData(importKeys.one(preview.id), preview);
      void qc.invalidateQueries({ queryKey: importKeys.mine });
    },
    // The upload step shows the problem itself, next to the file.
    meta: { quiet: true },
  });
};

export function useMyImports() {
  return useInfiniteQuery({
    queryKey: importKeys.mine,
    queryFn: ({ pageParam }) => api('/people/imports', { schema: ImportPage, query: { cursor: pageParam, limit: 10 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Once a job has written persons, every people list and page shows them. */
export function useRefreshPeopleWhenDone(status: Status | undefined) {
  const qc = useQueryClient();
  useEffect(() => {
    if (status === 'done')
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'people' && q.queryKey[1] !== 'imports' });
  }, [status, qc]);
}

/** One import, polled every second while it is being validated or imported. */
export function useImport(id: number | null) {
  return useQuery({
    queryKey: importKeys.one(id ?? 0),
    queryFn: () => api(`/people/imports/${id}`, { schema: PersonImport }),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data && RUNNING.includes(q.state.data.status) ? 1000 : false),
  });
}

export function useImportProblems(id: number) {
  return useInfiniteQuery({
    queryKey: importKeys.problems(id),
    queryFn: ({ pageParam }) =>
      api(`/people/imports/${id}/problems`, { schema: ProblemPage, query: { cursor: pageParam, limit: 200 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** 放弃: a preview never committed; the server deletes its staged rows and keeps the import as discarded. */
export const useDiscardImport = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api(`/people/imports/${id}/discard`, { method: 'POST', schema: PersonImport }),
    onSuccess: (imp) => {
      qc.setQueryData(importKeys.one(imp.id), imp);
      void qc.invalidateQueries({ queryKey: importKeys.mine });
    },
  });
};

export const useCommitImport = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api(`/people/imports/${id}/commit`, { method: 'POST', schema: PersonImport }),
    onSuccess: (imp) => {
      qc.setQueryData(importKeys.one(imp.id), imp);
      void qc.invalidateQueries({ queryKey: importKeys.mine });
    },
  });
};
