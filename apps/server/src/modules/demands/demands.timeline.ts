import {
  DEMAND_SOURCE_LABELS,
  DEMAND_STATE_LABELS,
  type DemandSource,
  type DemandState,
  type TimelineEntry,
} from '@jinguo/contracts';
import type { Scoped } from '../../platform/scope.js';
import { demandsOfPerson } from './demands.repository.js';
import { demandCode } from './demands.views.js';

/** The person page shows her demands (those the reader may see), newest first. */
export async function demandTimelineSource(s: Scoped, personId: number): Promise<TimelineEntry[]> {
  const rows = await demandsOfPerson(s, personId);
  return rows.map((d) => ({
    at: d.receivedAt.toISOString(),
    source: 'demands',
    kind: `demand.${d.source}`,
    title: {
      'zh-CN': `${DEMAND_SOURCE_LABELS[d.source as DemandSource]?.['zh-CN'] ?? d.source}：${d.title}`,
      'en-US': `${DEMAND_SOURCE_LABELS[d.source as DemandSource]?.['en-US'] ?? d.source}: ${d.title}`,
    },
    detail: {
      'zh-CN': `${demandCode(d)} · ${DEMAND_STATE_LABELS[d.state as DemandState]?.['zh-CN'] ?? d.state}`,
      'en-US': `${demandCode(d)} · ${DEMAND_STATE_LABELS[d.state as DemandState]?.['en-US'] ?? d.state}`,
    },
    link: `/demands/${d.id}`,
  }));
}
