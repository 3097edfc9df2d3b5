import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Notification,
  pageOf,
  PortalCatalogue,
  PortalDemand,
  PortalHelpReceipt,
  PortalMe,
  PortalPlace,
  Problem,
  ResidentCodeSent,
  type PortalHelpInput,
} from '@jinguo/contracts';
import { currentLang } from './i18n';

/** A failed portal call with the server's problem+json. */
export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.code);
  }
}

function csrf(): string {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === 'jinguo_resident_csrf') return decodeURIComponent(v.join('='));
  }
  return '';
}

/** The portal's own client: its session cookie, its CSRF cookie echoed as the header; no staff headers. */
export async function portalApi<S extends z.ZodType>(
  path: string,
  schema: S,
  opts: { method?: string; body?: unknown; query?: Record<string, string | number | undefined> } = {},
): Promise<z.infer<S>> {
  const method = opts.method ?? 'GET';
  const qs = new URLSearchParams(
    Object.entries(opts.query ?? {}).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
  ).toString();
  let res: Response;
  try {
    res = await fetch(`/api/v1/portal${path}${qs ? `?${qs}` : ''}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'accept-language': currentLang(),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' ? { 'x-csrf-token': csrf() } : {}),
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new PortalError(0, {
      type: 'about:blank',
      title: 'Network',
      status: 0,
      code: 'NETWORK_ERROR',
      detail: '',
      message: { 'zh-CN': '网络连接失败，请稍后再试', 'en-US': 'Cannot reach the server' },
    });
  }
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const p = Problem.safeParse(data);
    throw new PortalError(
      res.status,
      p.success
        ? p.data
        : {
            type: 'about:blank',
            title: 'Error',
            status: res.status,
            code: `HTTP_${res.status}`,
            detail: '',
            message: { 'zh-CN': `请求失败（${res.status}）`, 'en-US': `Request failed (${res.status})` },
          },
    );
  }
  return schema.parse(data);
}

const itemsOf = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

/** Who is signed in on this phone (null: nobody). */
export const useMe = () =>
  useQuery({
    queryKey: ['portal', 'me'],
    queryFn: async () => {
      try {
        return await portalApi('/me', PortalMe);
      } catch (e) {
        if (e instanceof PortalError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });

export const useSendCode = () =>
  useMutation({
    mutationFn: (phone: string) => portalApi('/auth/code', ResidentCodeSent, { method: 'POST', body: { phone } }),
  });

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { phone: string; code: string }) =>
      portalApi('/auth/login', PortalMe, { method: 'POST', body: input }),
    onSuccess: (me) => {
      qc.setQueryData(['portal', 'me'], me);
      void qc.invalidateQueries({ queryKey: ['portal'] });
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => portalApi('/auth/logout', z.null(), { method: 'POST' }),
    onSuccess: () => qc.setQueryData(['portal', 'me'], null),
  });
}

export function useUpdateMe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { villageId?: number | null; nickname?: string | null }) =>
      portalApi('/me', PortalMe, { method: 'PATCH', body: input }),
    onSuccess: (me) => {
      qc.setQueryData(['portal', 'me'], me);
      void qc.invalidateQueries({ queryKey: ['portal', 'catalogue'] });
    },
  });
}

export const usePlaces = (parentId: number | undefined, enabled = true) =>
  useQuery({
    queryKey: ['portal', 'places', parentId],
    queryFn: () => portalApi('/places', itemsOf(PortalPlace), { query: { parentId } }),
    enabled,
    select: (r) => r.items,
    staleTime: 10 * 60_000,
  });

export const useCatalogue = (enabled: boolean) =>
  useQuery({ queryKey: ['portal', 'catalogue'], queryFn: () => portalApi('/catalogue', PortalCatalogue), enabled });

export function useOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { serviceItemId: number; description: string; preferredDate?: string | null }) =>
      portalApi('/orders', PortalDemand, { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['portal'] }),
  });
}

export function useAskHelp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof PortalHelpInput>) =>
      portalApi('/help', PortalHelpReceipt, { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['portal', 'requests'] }),
  });
}

export const useRequests = (enabled: boolean) =>
  useQuery({
    queryKey: ['portal', 'requests'],
    queryFn: () => portalApi('/requests', pageOf(PortalDemand), { query: { limit: 50 } }),
    enabled,
  });
export const useRequest = (id: number) =>
  useQuery({
    queryKey: ['portal', 'requests', id],
    queryFn: () => portalApi(`/requests/${id}`, PortalDemand),
    enabled: id > 0,
  });
export const useTracked = (code: string | null) =>
  useQuery({
    queryKey: ['portal', 'track', code],
    queryFn: () => portalApi(`/track/${code}`, PortalDemand),
    enabled: code !== null,
    retry: false,
  });

export function useRate(target: { id: number } | { code: string }) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { rating: string; comment?: string }) =>
      'id' in target
        ? portalApi(`/requests/${target.id}/rate`, PortalDemand, { method: 'POST', body: input })
        : portalApi(`/track/${target.code}/rate`, PortalDemand, { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['portal'] }),
  });
}

export function useCancel(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => portalApi(`/requests/${id}/cancel`, PortalDemand, { method: 'POST', body: { note } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['portal'] }),
  });
}

export const useNotices = (enabled: boolean) =>
  useQuery({
    queryKey: ['portal', 'notices'],
    queryFn: () => portalApi('/notifications', pageOf(Notification)),
    enabled,
    refetchInterval: 60_000,
    staleTime: 0,
    refetchOnMount: 'always',
  });
