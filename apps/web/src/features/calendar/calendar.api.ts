import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { CalendarDay, CalendarOverview, type YearScheduleInput } from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/calendar: the holiday schedules behind every working-day deadline. */
export const useCalendar = () =>
  useQuery({ queryKey: ['calendar'], queryFn: () => api('/calendar', { schema: CalendarOverview }) });

export const useCalendarDays = (year: number) =>
  useQuery({
    queryKey: ['calendar', 'days', year],
    queryFn: () =>
      api('/calendar/days', {
        schema: z.object({ items: z.array(CalendarDay) }),
        query: { from: `${year}-01-01`, to: `${year}-12-31` },
      }),
  });

export function useLoadSchedule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: YearScheduleInput) =>
      api(`/calendar/years/${input.year}`, { method: 'PUT', body: input, schema: CalendarOverview }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['calendar'] }),
  });
}
