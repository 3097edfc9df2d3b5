import type { RetentionHold, RetentionSource } from '../../platform/modules.js';
import * as repo from './people.retention.repository.js';

/** Persons no longer in any category of the registry: anonymised once past their period (decision 0016). */
export const personRetention: RetentionSource = {
  recordType: 'person',
  label: { 'zh-CN': '不再属于任何服务类别的人员', 'en-US': 'Persons no longer in any category' },
  action: 'anonymise',
  due: repo.personsDue,
  apply: repo.anonymisePersons,
};

/** A person who gave a consent for a purpose and has not withdrawn it is kept for that purpose. */
export const consentHold: RetentionHold = {
  reason: 'active_consent',
  label: { 'zh-CN': '存在未撤回的同意', 'en-US': 'An active consent for a purpose' },
  held: repo.personsWithActiveConsent,
};
