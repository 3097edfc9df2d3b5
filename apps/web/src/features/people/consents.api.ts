import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { Consent, type ConsentInput } from '@jinguo/contracts';
import { api } from '../../app/api';
import { peopleKeys } from './people.api';

const ConsentList = z.object({ items: z.array(Consent) });

/** A person's consent records (个人信息处理同意), given and withdrawn. */
export function useConsents(personId: number) {
  return useQuery({
    queryKey: peopleKeys.tab(personId, 'consents'),
    queryFn: () => api(`/people/${personId}/consents`, { schema: ConsentList }).then((r) => r.items),
  });
}

function useConsentMutation<V>(fn: (vars: V) => Promise<unknown>) {
  const qc = useQueryClient();
  // the person's tabs (the list, the timeline) read the change
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: peopleKeys.all }) });
}

export const useRecordConsent = (personId: number) =>
  useConsentMutation((input: ConsentInput) =>
    api(`/people/${personId}/consents`, { method: 'POST', body: input, schema: Consent }),
  );

export const useWithdrawConsent = (personId: number) =>
  useConsentMutation((v: { consentId: number; reason: string }) =>
    api(`/people/${personId}/consents/${v.consentId}/withdraw`, {
      method: 'POST',
      body: { reason: v.reason },
      schema: Consent,
    }),
  );
