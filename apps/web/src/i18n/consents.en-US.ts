import type { consentsZhCN } from './consents.zh-CN';

/** Consent records on the person page (PIPL art. 28–31). */
export const consentsEnUS: typeof consentsZhCN = {
  consents: {
    record: 'Record consent',
    kind: 'Kind',
    kinds: {
      sensitive: 'Separate consent to process sensitive data',
      guardian_child: 'Guardian consent for a child under 14',
      other: 'Consent for another purpose',
    },
    purpose: 'Purpose',
    purposeExample: 'e.g. a care file for a left-behind child and a pairing with a volunteer',
    givenBy: 'Given by',
    self: 'Herself ({{name}})',
    selfShort: 'Herself',
    guardian: 'Guardian {{name}} ({{relationship}})',
    guardianShort: 'Guardian {{name}}',
    childNote: 'A child under 14 consents through one of her registered guardians',
    method: 'How',
    methods: { written: 'Written form', oral: 'Oral', portal: 'Online (portal)' },
    givenAt: 'Given at',
    evidence: 'Evidence kept at',
    evidenceExample: 'e.g. signed form no. 2026-031, in the village federation’s file cabinet',
    status: 'Status',
    active: 'Active',
    withdrawn: 'Withdrawn',
    withdraw: 'Withdraw consent',
    withdrawalReason: 'Reason for withdrawal',
  },
};
