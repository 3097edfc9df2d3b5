import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Cockpit, IndicatorCatalogue, Trend, type CockpitStructure } from '@jinguo/contracts';
import { api, apiDownload } from '../../app/api';

/** Typed hooks over /api/v1/dashboards: the indicator catalogue, the cockpit's figures, trends, exports. */

export interface CockpitParams {
  orgId: number | undefined;
  from: string;
  to: string;
  structure: CockpitStructure;
  indicators?: string | undefined;
}

export function useCatalogue() {
  return useQuery({
    queryKey: ['dashboards', 'indicators'],
    queryFn: () => api('/dashboards/indicators', { schema: IndicatorCatalogue }),
    staleTime: Infinity,
  });
}

/** The figures; `refreshMs` makes the big display poll. */
export function useCockpit(q: CockpitParams, refreshMs?: number) {
  return useQuery({
    queryKey: ['dashboards', 'cockpit', q],
    queryFn: () => api('/dashboards/cockpit', { schema: Cockpit, query: { ...q } }),
    placeholderData: keepPreviousData,
    enabled: q.orgId !== undefined,
    ...(refreshMs ? { refetchInterval: refreshMs } : {}),
  });
}

export function useTrend(q: Omit<CockpitParams, 'structure'>, refreshMs?: number) {
  return useQuery({
    queryKey: ['dashboards', 'trend', q],
    queryFn: () => api('/dashboards/trend', { schema: Trend, query: { ...q } }),
    placeholderData: keepPreviousData,
    enabled: q.orgId !== undefined && Boolean(q.indicators),
    ...(refreshMs ? { refetchInterval: refreshMs } : {}),
  });
}

/** The view as .xlsx or .pdf, rendered by the server (the PDF embeds its Chinese font). */
export function downloadCockpit(kind: 'xlsx' | 'pdf', q: CockpitParams, lang: 'zh-CN' | 'en-US') {
  return apiDownload(`/dashboards/cockpit.${kind}`, { query: { ...q, lang } });
}
