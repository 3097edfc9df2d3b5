import { z } from 'zod';
import { IsoDate, OrgRef, labels } from './labels.js';
import { defineStateMachine } from './state-machine.js';

// 人大建议 / 政协提案: suggestions of people's-congress deputies and proposals of CPPCC members that carry what the
// federation could neither do nor transfer (the 建议 route of demands). Each is a record: number, body, date, reply,
// status — and the demands whose suggestions it carries.

export const PROPOSAL_KINDS = ['npc_suggestion', 'cppcc_proposal'] as const;
export const ProposalKind = z.enum(PROPOSAL_KINDS);
export type ProposalKind = z.infer<typeof ProposalKind>;
export const PROPOSAL_KIND_LABELS = labels([
  ['npc_suggestion', '人大建议', "Deputies' suggestion"],
  ['cppcc_proposal', '政协提案', 'CPPCC proposal'],
] as const);

export const PROPOSAL_STATES = ['drafted', 'submitted', 'accepted', 'not_accepted', 'replied'] as const;
export const ProposalState = z.enum(PROPOSAL_STATES);
export type ProposalState = z.infer<typeof ProposalState>;
export const PROPOSAL_STATE_LABELS = labels([
  ['drafted', '起草中', 'Drafted'],
  ['submitted', '已提交', 'Submitted'],
  ['accepted', '已立案', 'Accepted'],
  ['not_accepted', '未立案', 'Not accepted'],
  ['replied', '已答复', 'Replied'],
] as const);

export const PROPOSAL_ACTIONS = ['submit', 'accept', 'decline', 'reply'] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];
export const PROPOSAL_ACTION_LABELS = labels([
  ['submit', '登记提交', 'Record submission'],
  ['accept', '已立案', 'Accepted'],
  ['decline', '未立案', 'Not accepted'],
  ['reply', '登记答复', 'Record the reply'],
] as const);
/** Drafted → submitted (with its number) → accepted or not → replied (an unfiled one may be answered directly). */
export const PROPOSAL_MACHINE = defineStateMachine<ProposalState, ProposalAction>({
  states: PROPOSAL_STATES,
  transitions: {
    submit: { from: ['drafted'], to: 'submitted' },
    accept: { from: ['submitted'], to: 'accepted' },
    decline: { from: ['submitted'], to: 'not_accepted' },
    reply: { from: ['submitted', 'accepted'], to: 'replied' },
  },
});

const Text = (max: number) => z.string().trim().min(1).max(max);
const Body = z.string().trim().min(10).max(10_000);

export const Proposal = z.object({
  id: z.number().int(),
  org: OrgRef,
  kind: ProposalKind,
  number: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  deputy: z.string().nullable(),
  submittedOn: z.string().nullable(),
  status: ProposalState,
  reply: z.string().nullable(),
  replyOrg: z.string().nullable(),
  repliedOn: z.string().nullable(),
  demandIds: z.array(z.number().int()),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  allowedActions: z.array(z.enum(PROPOSAL_ACTIONS)),
});
export type Proposal = z.infer<typeof Proposal>;

export const ProposalQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  kind: ProposalKind.optional(),
  status: ProposalState.optional(),
});
export const ProposalIdParams = z.object({ proposalId: z.coerce.number().int().positive() });

/** A new record; `demandIds` are the collected suggestions it carries (they are marked as handed over). */
export const ProposalInput = z.strictObject({
  orgId: z.number().int().positive(),
  kind: ProposalKind,
  title: Text(200),
  body: Body,
  deputy: Text(100).optional(),
  demandIds: z.array(z.number().int().positive()).max(200).default([]),
});
export type ProposalInput = z.infer<typeof ProposalInput>;
/** Corrections to the record's text; `version` is the one read (a stale edit is refused). */
export const ProposalUpdate = z.strictObject({
  version: z.number().int().positive(),
  title: Text(200).optional(),
  body: Body.optional(),
  deputy: Text(100).nullable().optional(),
  number: Text(50).optional(),
});
export const ProposalTransitionInput = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('submit'), number: Text(50), submittedOn: IsoDate }),
  z.strictObject({ action: z.literal('accept') }),
  z.strictObject({ action: z.literal('decline'), reason: z.string().trim().max(1000).optional() }),
  z.strictObject({
    action: z.literal('reply'),
    reply: z.string().trim().min(2).max(10_000),
    replyOrg: Text(100),
    repliedOn: IsoDate,
  }),
]);
export type ProposalTransitionInput = z.infer<typeof ProposalTransitionInput>;
