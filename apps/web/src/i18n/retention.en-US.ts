import type { retentionZhCN } from './retention.zh-CN';

/** Retention periods and runs (system admin; PIPL art. 19, 47). */
export const retentionEnUS: typeof retentionZhCN = {
  retention: {
    title: 'Retention',
    menu: 'Retention',
    intro:
      'Past its retention period a record is anonymised (the name replaced by a pseudonym; ID number, phone, addresses and their lookup values cleared). Every day a dry-run report comes first; it is carried out only when an admin confirms it. A party to an open case, or a person with an active consent, is kept.',
    recordType: 'Record type',
    purpose: 'Purpose',
    days: 'Retention (days)',
    daysValue: '{{count}} days',
    daysHint: 'At least 30 days',
    action: 'When due',
    actions: { anonymise: 'anonymise', delete: 'delete' },
    enabled: 'Applies',
    on: 'On',
    off: 'Off',
    runs: 'Dry-run reports and runs',
    dryRun: 'Dry run now',
    dryRunDone: 'Dry-run report written',
    kind: 'Kind',
    report: 'Dry-run report',
    run: 'Run (report #{{id}})',
    startedAt: 'At',
    runBy: 'By',
    summary: 'Result',
    wouldAct: 'would {{action}} {{count}}',
    acted: '{{action}}d: {{count}}',
    nothingEnabled: 'No retention period applies',
    holds: { open_case: 'kept: open case', active_consent: 'kept: active consent' },
    apply: 'Carry out',
    applyConfirm:
      'Anonymise or delete the records of this report? This cannot be undone; each record is written to the audit trail.',
    applied: 'Carried out',
    appliedAt: 'Carried out at {{at}}',
  },
};
