import type { workbenchZhCN } from './workbench.zh-CN';

/** The workbench (landing page), merged into en-US.ts. */
export const workbenchEnUS: typeof workbenchZhCN = {
  workbench: {
    title: 'Workbench',
    menu: 'Workbench',
    greeting: 'Hello, {{name}}',
    actingFor: 'Acting for: {{org}}',
    openAll: 'See all',
    due: 'due {{at}}',
    demands: {
      title: 'Demands',
      overdue: 'Overdue',
      dueToday: 'Due today',
      received: 'To sign for',
      empty: 'No demands waiting',
    },
    tasks: {
      title: 'Tasks (一网协同)',
      toSign: 'To sign for',
      toSubmit: 'To fill and submit',
      overdue: 'Overdue',
      empty: 'No tasks waiting',
    },
    visits: {
      title: 'Visit campaigns (三访)',
      campaigns: 'Under way',
      planned: 'Visits planned',
      left: 'Not yet visited',
      empty: 'No campaign under way',
    },
    cases: {
      title: 'My cases',
      unassessed: 'Not assessed',
      empty: 'No open cases',
    },
    casesDue: {
      title: 'Follow-ups and contacts',
      contacts: 'First contact due',
      followUps: 'Follow-ups in 7 days',
      overdue: 'Follow-ups overdue',
      contact: 'first contact',
      followUp: 'follow-up',
      empty: 'Nothing due soon',
    },
    referrals: {
      title: 'Referrals waiting',
      toAccept: 'To accept',
      toAnswer: 'To answer',
      urgent: 'Urgent',
      empty: 'No referrals waiting',
    },
    grants: {
      title: 'Role grants',
      pending: 'Pending',
      empty: 'No grants waiting',
    },
    audit: {
      title: 'Latest audit events',
      empty: 'No audit events',
    },
    notifications: {
      title: 'Notifications',
      unread: 'Unread',
    },
  },
};
