import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { DevOutboxMessage, Notification, pageOf, UnreadCount } from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/notifications (my inbox) and /api/v1/dev/outbox (the development SMS channel). */

const Page = pageOf(Notification);

/** Polled: a new order or an escalation shows on the bell within half a minute, on any page. */
export const useUnreadCount = () =>
  useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api('/notifications/unread-count', { schema: UnreadCount }),
    refetchInterval: 30_000,
  });

export function useNotifications(unreadOnly: boolean) {
  return useInfiniteQuery({
    queryKey: ['notifications', 'list', unreadOnly],
    queryFn: ({ pageParam }) =>
      api('/notifications', {
        schema: Page,
        query: { cursor: pageParam, limit: 20, unread: unreadOnly ? 'true' : undefined },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api(`/notifications/${id}/read`, { method: 'POST', schema: Notification }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api('/notifications/read-all', { method: 'POST', schema: z.object({ marked: z.number() }) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export const useDevOutbox = () =>
  useQuery({
    queryKey: ['dev', 'outbox'],
    queryFn: () => api('/dev/outbox', { schema: z.object({ items: z.array(DevOutboxMessage) }) }),
    refetchInterval: 5_000,
  });
