import { z } from 'zod';
import type { LocalizedText } from './errors.js';
import { defineStateMachine } from './state-machine.js';
import { Yuan } from './care-programs.js';
import { StoredFile } from './files.js';

/*
 * 微心愿: a small wish of a child or a woman of the registry (collected by a cadre) or of a resident (on /h5), reviewed
 * by a cadre, published on /h5 with a masked name, claimed by a donor (a staff or volunteer account, a resident on
 * /h5, or an outside donor the cadre records) until a deadline, fulfilled with proof (a photo or a document, shown to
 * staff only) and a note. A claim left unfulfilled past its deadline lapses: a job publishes the wish again. The
 * public never sees a name in clear, a village, a school or a proof.
 */

const Id = z.number().int().positive();

export const WISH_STATES = ['submitted', 'published', 'claimed', 'fulfilled', 'refused', 'withdrawn'] as const;
export const WishState = z.enum(WISH_STATES);
export type WishState = z.infer<typeof WishState>;
export const WISH_STATE_LABELS: Record<WishState, LocalizedText> = {
  submitted: { 'zh-CN': '待审核', 'en-US': 'Awaiting review' },
  published: { 'zh-CN': '已发布待认领', 'en-US': 'Published, awaiting a donor' },
  claimed: { 'zh-CN': '已认领', 'en-US': 'Claimed' },
  fulfilled: { 'zh-CN': '已圆梦', 'en-US': 'Fulfilled' },
  refused: { 'zh-CN': '未通过', 'en-US': 'Refused' },
  withdrawn: { 'zh-CN': '已撤回', 'en-US': 'Withdrawn' },
};
export type WishParty = 'reviewer' | 'donor' | 'owner';
export type WishAction = 'publish' | 'refuse' | 'claim' | 'release' | 'fulfil' | 'withdraw';
/** Reviewed, then published; a donor claims it (or lets it go again); fulfilled; the cadre may withdraw it. */
export const WISH_MACHINE = defineStateMachine<WishState, WishAction, WishParty>({
  states: WISH_STATES,
  transitions: {
    publish: { from: ['submitted'], to: 'published', by: ['reviewer'] },
    refuse: { from: ['submitted'], to: 'refused', by: ['reviewer'] },
    claim: { from: ['published'], to: 'claimed', by: ['donor', 'reviewer'] },
    release: { from: ['claimed'], to: 'published', by: ['donor', 'reviewer'] },
    fulfil: { from: ['claimed'], to: 'fulfilled', by: ['donor', 'reviewer'] },
    withdraw: { from: ['submitted', 'published'], to: 'withdrawn', by: ['reviewer', 'owner'] },
  },
});

/** Days a donor has to fulfil a wish she claimed, unless the wish says otherwise (its `claimDays`). */
export const WISH_CLAIM_DAYS_DEFAULT = 14;
/** The longest a wish may give its donors (days): a wish is not held off the wall for a season. */
export const WISH_CLAIM_DAYS_MAX = 60;
/** The donor is reminded once, this many days before her deadline (not on the day she claimed). */
export const WISH_CLAIM_REMIND_DAYS = 3;
const ClaimDays = z.number().int().min(1).max(WISH_CLAIM_DAYS_MAX);
/** A claim's last day, chosen by the donor: from today to today + the wish's `claimDays` (the server checks). */
const Deadline = z.iso.date();

const Title = z.string().trim().min(2).max(60);
const Description = z.string().trim().min(2).max(500);
export const WishInput = z.strictObject({
  personId: Id,
  title: Title,
  description: Description,
  amount: Yuan.refine((n) => n > 0 && n <= 5000, 'between 0 and 5,000 yuan'),
  /** Days a donor has after claiming it (care.manage; absent: WISH_CLAIM_DAYS_DEFAULT). */
  claimDays: ClaimDays.optional(),
});
export const PortalWishInput = WishInput.omit({ personId: true, claimDays: true });
/** What a cadre who manages care programs changes on a wish: the days its donors have (the next claim's). */
export const WishSettingsInput = z.strictObject({ claimDays: ClaimDays });
export const WishReviewInput = z.strictObject({
  action: z.enum(['publish', 'refuse']),
  note: z.string().trim().max(500).default(''),
});
export const WishClaimInput = z.strictObject({
  /** An outside donor (a company, a person without an account) recorded by a cadre; absent: the caller claims. */
  donorName: z.string().trim().min(2).max(60).optional(),
  donorPhone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/)
    .optional(),
  /** The claim's last day; absent: today + the wish's `claimDays`. */
  deadline: Deadline.optional(),
});
/** A resident's claim on /h5: she may choose an earlier last day than the wish gives. */
export const PortalWishClaimInput = z.strictObject({ deadline: Deadline.optional() });
export const WishFulfilInput = z.strictObject({
  fulfilledOn: z.iso.date(),
  note: z.string().trim().min(2).max(1000),
});
export const WishIdParams = z.object({ wishId: z.coerce.number().int().positive() });
export const WishProofParams = WishIdParams.extend({ fileId: z.coerce.number().int().positive() });
/** A proof upload: the file itself is the body, `?name=` its file name. */
export const WishProofQuery = z.object({ name: z.string().trim().min(1).max(200) });
/** Proofs a wish may hold (photos of the gift handed over, a receipt). */
export const MAX_WISH_PROOFS = 9;
export const WISH_DONOR_KINDS = ['account', 'resident', 'outside'] as const;
export const WishListQuery = z.object({ state: WishState.optional() });

/** How a claim of the wish's history ended: given up by its donor, or lapsed past its deadline (the job). */
export const WISH_CLAIM_OUTCOMES = ['released', 'expired'] as const;
export const WISH_CLAIM_OUTCOME_LABELS: Record<(typeof WISH_CLAIM_OUTCOMES)[number], LocalizedText> = {
  released: { 'zh-CN': '已取消认领', 'en-US': 'Given up' },
  expired: { 'zh-CN': '逾期未圆梦，已重新发布', 'en-US': 'Lapsed past its deadline, published again' },
};
/** A past claim of the wish (staff only): who, when, until when, and how it ended. */
export const WishPastClaim = z.object({
  donor: z.object({ kind: z.enum(WISH_DONOR_KINDS), name: z.string(), phone: z.string().nullable() }),
  claimedAt: z.string(),
  deadline: z.string().nullable(),
  outcome: z.enum(WISH_CLAIM_OUTCOMES),
  endedAt: z.string(),
  endedBy: z.string(),
});
export type WishPastClaim = z.infer<typeof WishPastClaim>;

export const Wish = z.object({
  id: z.number(),
  org: z.object({ id: z.number(), name: z.string() }),
  person: z.object({ id: z.number(), name: z.string() }).nullable(),
  source: z.enum(['staff', 'resident']),
  title: z.string(),
  description: z.string(),
  amount: z.number(),
  state: WishState,
  publicName: z.string(),
  reviewNote: z.string().nullable(),
  donor: z.object({ kind: z.enum(WISH_DONOR_KINDS), name: z.string(), phone: z.string().nullable() }).nullable(),
  claimedAt: z.string().nullable(),
  /** Days a donor has after claiming it. */
  claimDays: z.number(),
  /** The current claim's last day, and the days left by the federation's today (0: its last day). */
  claimDeadline: z.string().nullable(),
  daysLeft: z.number().nullable(),
  /** Claims given up or lapsed, oldest first. */
  pastClaims: z.array(WishPastClaim),
  fulfilledOn: z.string().nullable(),
  fulfilmentNote: z.string().nullable(),
  /** Proof of the fulfilment (staff only: a photo may show the child). */
  proofs: z.array(StoredFile),
  createdAt: z.string(),
});
export type Wish = z.infer<typeof Wish>;
/** What the public sees on /h5: a masked name and the district, nothing else about the person. */
export const PublicWish = z.object({
  id: z.number(),
  title: z.string(),
  description: z.string(),
  amount: z.number(),
  state: WishState,
  publicName: z.string(),
  district: z.string(),
  publishedAt: z.string().nullable(),
  /** Days a donor has to fulfil it after claiming it. */
  claimDays: z.number(),
});
export type PublicWish = z.infer<typeof PublicWish>;
/** A wish a resident claimed on /h5 as a donor, followed there (the public projection and when she claimed it). */
export const ClaimedWish = PublicWish.extend({
  claimedAt: z.string().nullable(),
  /** While claimed: her last day, and the days left by the federation's today (0: today is the last). */
  deadline: z.string().nullable(),
  daysLeft: z.number().nullable(),
  fulfilledOn: z.string().nullable(),
});
export type ClaimedWish = z.infer<typeof ClaimedWish>;
/** Open claims a resident may hold at once on /h5. */
export const MAX_RESIDENT_CLAIMS = 3;
/** The resident's own wish, followed on /h5. */
export const MyWish = PublicWish.extend({ reviewNote: z.string().nullable(), fulfilmentNote: z.string().nullable() });
export type MyWish = z.infer<typeof MyWish>;
