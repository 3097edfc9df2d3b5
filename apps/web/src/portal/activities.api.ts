import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { CheckInResult, PublicActivity, type PortalCheckInInput } from '@jinguo/contracts';
import { portalApi } from './portal.api';

/** The residents' side of activities: an activity's public page, registering, the QR check-in. */

export const usePublicActivity = (id: number) =>
  useQuery({
    queryKey: ['portal', 'activity', id],
    queryFn: () => portalApi(`/activities/${id}`, PublicActivity),
    enabled: id > 0,
  });

/** Activities open for registration around her village (the server knows it from her account). */
export const useNearbyActivities = (enabled: boolean) =>
  useQuery({
    queryKey: ['portal', 'activities', 'nearby'],
    queryFn: () => portalApi('/activities', z.object({ items: z.array(PublicActivity) })),
    enabled,
  });

export function useRegister(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      portalApi(`/activities/${id}/registration`, z.object({ id: z.number() }), { method: 'POST', body: {} }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['portal', 'activity', id] }),
  });
}

export function useCheckIn(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PortalCheckInInput) =>
      portalApi(`/activities/${id}/checkin`, CheckInResult, { method: 'POST', body: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['portal', 'activity', id] }),
  });
}
