import type { proposalsZhCN } from './proposals.zh-CN';

export const proposalsEnUS: typeof proposalsZhCN = {
  proposals: {
    title: 'Deputy suggestions / CPPCC proposals',
    create: 'New suggestion or proposal',
    fromSuggestions: 'Make a suggestion or proposal',
    kind: 'Kind',
    number: 'Number',
    proposalTitle: 'Title',
    body: 'Text',
    deputy: 'Raised by (deputy / CPPCC member)',
    submittedOn: 'Submitted on',
    status: 'Status',
    reply: 'Reply',
    replyOrg: 'Replying office',
    repliedOn: 'Replied on',
    carries: 'Carries {{count}} suggestion(s) from demands',
    declineReason: 'Why not accepted',
    all: 'All',
    deleteConfirm: 'Delete this draft?',
  },
};
