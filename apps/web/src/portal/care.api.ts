import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { PortalApplication, PortalProgram, Problem, type PortalApplicationInput } from '@jinguo/contracts';
import { PortalError, portalApi } from './portal.api';
import { currentLang } from './i18n';

/** Her side of care programs: open programs, her applications, applying, uploads from the phone, submitting. */

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

export const useCarePrograms = (enabled: boolean) =>
  useQuery({
    queryKey: ['portal', 'care', 'programs'],
    queryFn: async () => (await portalApi('/care-programs', items(PortalProgram))).items,
    enabled,
  });
export const useMyApplications = (enabled: boolean) =>
  useQuery({
    queryKey: ['portal', 'care', 'applications'],
    queryFn: async () => (await portalApi('/care-programs/applications', items(PortalApplication))).items,
    enabled,
  });
export const useMyApplication = (id: number) =>
  useQuery({
    queryKey: ['portal', 'care', 'application', id],
    queryFn: () => portalApi(`/care-programs/applications/${id}`, PortalApplication),
  });

export function useApply() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof PortalApplicationInput>) =>
      portalApi('/care-programs/applications', PortalApplication, { method: 'POST', body: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['portal', 'care'] }),
  });
}

function csrf(): string {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === 'jinguo_resident_csrf') return decodeURIComponent(v.join('='));
  }
  return '';
}

/** A material from the phone: the file itself is the body (the server checks its type by its bytes). */
export function useUploadMaterial(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ code, file }: { code: string; file: File }) => {
      const qs = new URLSearchParams({ code, name: file.name }).toString();
      const res = await fetch(`/api/v1/portal/care-programs/applications/${id}/materials?${qs}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'content-type': file.type || 'application/octet-stream',
          'accept-language': currentLang(),
          'x-csrf-token': csrf(),
        },
        body: file,
      });
      const data: unknown = await res.json();
      if (!res.ok) throw new PortalError(res.status, Problem.parse(data));
      return PortalApplication.parse(data);
    },
    onSuccess: (a) => qc.setQueryData(['portal', 'care', 'application', id], a),
  });
}

export function useSubmitApplication(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => portalApi(`/care-programs/applications/${id}/submit`, PortalApplication, { method: 'POST' }),
    onSuccess: (a) => {
      qc.setQueryData(['portal', 'care', 'application', id], a);
      void qc.invalidateQueries({ queryKey: ['portal', 'care', 'applications'] });
    },
  });
}
