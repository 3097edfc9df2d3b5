import { z } from 'zod';
import { LocalizedText } from './errors.js';
import { defineStateMachine } from './state-machine.js';
import { CampaignLevel } from './visits.js';

/*
 * 关爱项目 (PRODUCT §2.6): programs whose eligibility, benefit, quotas, budget, period rule, materials and review chain
 * are data an admin edits; applications reviewed up the levels, approved, paid; 母亲邮包 parcels allocated down the
 * tree with 回音卡 feedback; 节日慰问 lists built from tags. Amounts travel in yuan (two decimals) and are kept in fen.
 */

const IsoDate = z.iso.date();
const Id = z.number().int().positive();
/** Yuan with at most two decimals. */
export const Yuan = z
  .number()
  .min(0)
  .max(100_000_000)
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'at most two decimals');

export const PROGRAM_KINDS = ['aid', 'parcel', 'school_aid', 'greeting', 'emergency'] as const;
export const ProgramKind = z.enum(PROGRAM_KINDS);
export type ProgramKind = z.infer<typeof ProgramKind>;
export const PROGRAM_KIND_LABELS: Record<ProgramKind, LocalizedText> = {
  aid: { 'zh-CN': '救助', 'en-US': 'Aid' },
  parcel: { 'zh-CN': '母亲邮包', 'en-US': 'Mother parcel' },
  school_aid: { 'zh-CN': '助学（春蕾）', 'en-US': 'School aid (Spring Bud)' },
  greeting: { 'zh-CN': '节日慰问', 'en-US': 'Holiday greetings' },
  emergency: { 'zh-CN': '应急救助', 'en-US': 'Emergency aid' },
};

/** Low-income categories recognised by civil affairs (民政认定): sensitive personal data, encrypted on applications. */
export const CIVIL_CATEGORIES = ['dibao', 'tekun', 'fanpin_risk', 'expenditure_hardship'] as const;
export const CivilCategory = z.enum(CIVIL_CATEGORIES);
export type CivilCategory = z.infer<typeof CivilCategory>;
export const CIVIL_CATEGORY_LABELS: Record<CivilCategory, LocalizedText> = {
  dibao: { 'zh-CN': '低保', 'en-US': 'Minimum living allowance (dibao)' },
  tekun: { 'zh-CN': '特困', 'en-US': 'Extreme hardship (tekun)' },
  fanpin_risk: { 'zh-CN': '易返贫致贫', 'en-US': 'At risk of (re)falling into poverty' },
  expenditure_hardship: { 'zh-CN': '支出型困难', 'en-US': 'Expenditure-type hardship' },
};

export const DISEASES = ['cervical_cancer', 'breast_cancer', 'other'] as const;
export const Disease = z.enum(DISEASES);
export const DISEASE_LABELS: Record<z.infer<typeof Disease>, LocalizedText> = {
  cervical_cancer: { 'zh-CN': '宫颈癌', 'en-US': 'Cervical cancer' },
  breast_cancer: { 'zh-CN': '乳腺癌', 'en-US': 'Breast cancer' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};
/** FIGO stages in order (IIB or above is the 两癌 threshold for cervical cancer). */
export const STAGES = ['I', 'IA', 'IB', 'IIA', 'IIB', 'IIIA', 'IIIB', 'IIIC', 'IVA', 'IVB'] as const;
export const Stage = z.enum(STAGES);
export const stageRank = (s: string) => STAGES.indexOf(s as (typeof STAGES)[number]);

export const Diagnosis = z.strictObject({
  disease: Disease,
  invasive: z.boolean(),
  stage: Stage.nullable().default(null),
  hospital: z.string().trim().min(2).max(100),
  diagnosedOn: IsoDate,
  note: z.string().trim().max(500).default(''),
});
export type Diagnosis = z.infer<typeof Diagnosis>;

export const BankAccount = z.strictObject({
  bankName: z.string().trim().min(2).max(60),
  accountNumber: z
    .string()
    .trim()
    .regex(/^\d{12,30}$/, 'bank account number'),
  accountHolder: z.string().trim().min(1).max(30),
});
export type BankAccount = z.infer<typeof BankAccount>;

/** A diagnosis rule: a disease (invasive when required) at or above a stage. */
export const DiagnosisRule = z.strictObject({
  disease: Disease,
  invasive: z.boolean().default(false),
  minStage: Stage.nullable().default(null),
});
export type DiagnosisRule = z.infer<typeof DiagnosisRule>;

/** Who may benefit; every rule given must hold (tags: any one of them; diagnoses: any one of them). */
export const EligibilityRules = z.strictObject({
  sex: z.enum(['female', 'male']).nullable().default(null),
  ageMin: z.number().int().min(0).max(120).nullable().default(null),
  ageMax: z.number().int().min(0).max(120).nullable().default(null),
  /** Registry tags (标签), any one of them. */
  tagsAny: z.array(z.string().trim().min(2).max(40)).max(20).default([]),
  /** Civil-affairs categories (民政认定), declared on the application with its proof. */
  civilCategories: z.array(CivilCategory).max(4).default([]),
  diagnoses: z.array(DiagnosisRule).max(10).default([]),
  /** The orgs whose registered residents may apply (empty: the program's whole subtree). */
  regionOrgIds: z.array(Id).max(50).default([]),
  /** She applies where her household is registered (her home org in the registry). */
  applyWhereRegistered: z.boolean().default(true),
});
export type EligibilityRules = z.infer<typeof EligibilityRules>;

export const BenefitKind = z.enum(['money', 'goods', 'services']);
export const Benefit = z.strictObject({
  kind: BenefitKind,
  /** The most an application may receive (money: the grant; goods: their value). */
  amount: Yuan,
  description: z.string().trim().max(200).default(''),
});
export type Benefit = z.infer<typeof Benefit>;

export const PERIOD_RULES = ['lifetime', 'year', 'school_year', 'none'] as const;
export const PeriodRule = z.enum(PERIOD_RULES);
export type PeriodRule = z.infer<typeof PeriodRule>;
export const PERIOD_RULE_LABELS: Record<PeriodRule, LocalizedText> = {
  lifetime: { 'zh-CN': '终身一次', 'en-US': 'Once in a lifetime' },
  year: { 'zh-CN': '每年一次', 'en-US': 'Once a year' },
  school_year: { 'zh-CN': '每学年一次', 'en-US': 'Once per school year' },
  none: { 'zh-CN': '不限', 'en-US': 'No limit' },
};

export const Material = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'code'),
  name: z.string().trim().min(1).max(40),
});
export const CONSULT_AGENCIES = ['health', 'medical_insurance', 'civil_affairs'] as const;
export const ConsultAgency = z.enum(CONSULT_AGENCIES);
export const CONSULT_AGENCY_LABELS: Record<z.infer<typeof ConsultAgency>, LocalizedText> = {
  health: { 'zh-CN': '卫生健康部门', 'en-US': 'Health' },
  medical_insurance: { 'zh-CN': '医疗保障部门', 'en-US': 'Medical insurance' },
  civil_affairs: { 'zh-CN': '民政部门', 'en-US': 'Civil affairs' },
};
/** One level of the review chain: who may act (org levels), its deadline, the agencies it must consult. */
export const ReviewStep = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,29}$/, 'code'),
  name: z.string().trim().min(1).max(30),
  levels: z.array(CampaignLevel).min(1).max(2),
  workdays: z.number().int().min(1).max(60),
  consult: z.array(ConsultAgency).max(3).default([]),
});
export type ReviewStep = z.infer<typeof ReviewStep>;

export const QuotaInput = z.strictObject({
  orgId: Id,
  quota: z.number().int().min(0).max(1_000_000),
  budget: Yuan.nullable().default(null),
});

export const PROGRAM_STATES = ['draft', 'open', 'closed'] as const;
export const ProgramState = z.enum(PROGRAM_STATES);

export const ProgramInput = z.strictObject({
  orgId: Id,
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{1,39}$/, 'code'),
  name: z.string().trim().min(2).max(60),
  kind: ProgramKind,
  description: z.string().trim().max(2000).default(''),
  eligibility: EligibilityRules,
  benefit: Benefit,
  period: PeriodRule,
  materials: z.array(Material).max(15).default([]),
  reviewChain: z.array(ReviewStep).min(1).max(6),
  /** Who records payments (the finance office's level). */
  paymentLevels: z.array(CampaignLevel).min(1).max(2).default(['district']),
  budget: Yuan.nullable().default(null),
  quotas: z.array(QuotaInput).max(60).default([]),
  startsOn: IsoDate,
  endsOn: IsoDate.nullable().default(null),
  state: ProgramState.default('open'),
});
export type ProgramInput = z.infer<typeof ProgramInput>;

export const QuotaUse = z.object({
  org: z.object({ id: z.number(), name: z.string() }),
  quota: z.number(),
  budget: z.number().nullable(),
  approved: z.number(),
  approvedAmount: z.number(),
  paid: z.number(),
  paidAmount: z.number(),
});
export type QuotaUse = z.infer<typeof QuotaUse>;

export const Program = ProgramInput.omit({ quotas: true, orgId: true }).extend({
  id: z.number(),
  org: z.object({ id: z.number(), name: z.string() }),
  quotas: z.array(QuotaUse),
  budgetUsed: z.number(),
  version: z.number(),
});
export type Program = z.infer<typeof Program>;
export const ProgramIdParams = z.object({ programId: z.coerce.number().int().positive() });
export const ApplicationIdParams = z.object({ applicationId: z.coerce.number().int().positive() });

/* applications */

export const APPLICATION_STATES = [
  'draft',
  'in_review',
  'returned',
  'refused',
  'approved',
  'paid',
  'withdrawn',
] as const;
export const ApplicationState = z.enum(APPLICATION_STATES);
export type ApplicationState = z.infer<typeof ApplicationState>;
export const APPLICATION_STATE_LABELS: Record<ApplicationState, LocalizedText> = {
  draft: { 'zh-CN': '草稿', 'en-US': 'Draft' },
  in_review: { 'zh-CN': '审核中', 'en-US': 'In review' },
  returned: { 'zh-CN': '退回补充材料', 'en-US': 'Returned for material' },
  refused: { 'zh-CN': '未通过', 'en-US': 'Refused' },
  approved: { 'zh-CN': '已批准待发放', 'en-US': 'Approved, awaiting payment' },
  paid: { 'zh-CN': '已发放', 'en-US': 'Paid' },
  withdrawn: { 'zh-CN': '已撤回', 'en-US': 'Withdrawn' },
};
export type ApplicationParty = 'applicant' | 'reviewer' | 'payer';
/** Each review level passes (the last one approves), returns for material, or refuses; payment closes it. */
export const APPLICATION_MACHINE = defineStateMachine<ApplicationState, string, ApplicationParty>({
  states: APPLICATION_STATES,
  transitions: {
    submit: { from: ['draft'], to: 'in_review', by: ['applicant'] },
    resubmit: { from: ['returned'], to: 'in_review', by: ['applicant'] },
    withdraw: { from: ['draft', 'in_review', 'returned'], to: 'withdrawn', by: ['applicant'] },
    comment: { from: ['in_review'], to: 'in_review', by: ['reviewer'] },
    pass: { from: ['in_review'], to: 'in_review', by: ['reviewer'] },
    approve: { from: ['in_review'], to: 'approved', by: ['reviewer'] },
    return: { from: ['in_review'], to: 'returned', by: ['reviewer'] },
    refuse: { from: ['in_review'], to: 'refused', by: ['reviewer'] },
    pay: { from: ['approved'], to: 'paid', by: ['payer'] },
  },
});
export const ReviewAction = z.enum(['comment', 'pass', 'return', 'refuse']);
export type ReviewAction = z.infer<typeof ReviewAction>;

export const Override = z.strictObject({ reason: z.string().trim().min(5).max(500) });
export const ApplicationInput = z.strictObject({
  programId: Id,
  personId: Id,
  amount: Yuan.optional(),
  civilCategory: CivilCategory.nullable().default(null),
  diagnosis: Diagnosis.nullable().default(null),
  bankAccount: BankAccount.nullable().default(null),
  note: z.string().trim().max(1000).default(''),
  /** A second application to a once-only program: allowed only with care.override and a reason. */
  override: Override.optional(),
});
export type ApplicationInput = z.infer<typeof ApplicationInput>;
export const ApplicationPatch = ApplicationInput.pick({
  civilCategory: true,
  diagnosis: true,
  bankAccount: true,
  note: true,
  amount: true,
}).partial();

export const Consultation = z.strictObject({
  agency: ConsultAgency,
  consultedOn: IsoDate,
  opinion: z.string().trim().min(2).max(500),
});
export const ReviewInput = z.strictObject({
  action: ReviewAction,
  opinion: z.string().trim().min(2).max(1000),
  consultations: z.array(Consultation).max(3).default([]),
  /** The amount approved (at most the program's benefit), when the last level approves. */
  amount: Yuan.optional(),
});
export type ReviewInput = z.infer<typeof ReviewInput>;
export const ReasonInput = z.strictObject({ reason: z.string().trim().min(2).max(500) });

export const Review = z.object({
  step: z.number(),
  stepName: z.string(),
  action: z.string(),
  opinion: z.string(),
  consultations: z.array(Consultation),
  by: z.string(),
  org: z.string().nullable(),
  at: z.string(),
});
export const MaterialView = z.object({
  code: z.string(),
  name: z.string(),
  files: z.array(z.object({ id: z.number(), name: z.string(), size: z.number() })),
});
export const Disbursement = z.object({
  id: z.number(),
  amount: z.number(),
  paidOn: z.string(),
  channel: z.string(),
  reference: z.string(),
  proofFileId: z.number().nullable(),
  by: z.string(),
});
export type Disbursement = z.infer<typeof Disbursement>;

export const Application = z.object({
  id: z.number(),
  program: z.object({ id: z.number(), code: z.string(), name: z.string(), period: PeriodRule }),
  person: z.object({ id: z.number(), name: z.string(), idNumberMasked: z.string().nullable() }),
  org: z.object({ id: z.number(), name: z.string() }),
  state: ApplicationState,
  step: z.object({ index: z.number(), code: z.string(), name: z.string(), levels: z.array(z.string()) }).nullable(),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  amount: z.number(),
  periodKey: z.string(),
  civilCategoryMasked: z.string().nullable(),
  diagnosisMasked: z.string().nullable(),
  bankAccountMasked: z.string().nullable(),
  note: z.string(),
  reason: z.string().nullable(),
  overrideReason: z.string().nullable(),
  source: z.enum(['cadre', 'resident']),
  submittedAt: z.string().nullable(),
  reviews: z.array(Review),
  materials: z.array(MaterialView),
  missingMaterials: z.array(z.string()),
  disbursement: Disbursement.nullable(),
  actions: z.array(z.string()),
  version: z.number(),
});
export type Application = z.infer<typeof Application>;
export const ApplicationListItem = Application.pick({
  id: true,
  program: true,
  person: true,
  org: true,
  state: true,
  step: true,
  deadline: true,
  overdue: true,
  amount: true,
  submittedAt: true,
});
export type ApplicationListItem = z.infer<typeof ApplicationListItem>;
export const ApplicationListQuery = z.object({
  programId: z.coerce.number().int().positive().optional(),
  orgId: z.coerce.number().int().positive().optional(),
  personId: z.coerce.number().int().positive().optional(),
  state: ApplicationState.optional(),
  /** My queue: applications waiting at a level the acting org holds. */
  queue: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const Unmasked = z.object({
  civilCategory: CivilCategory.nullable(),
  diagnosis: Diagnosis.nullable(),
  bankAccount: BankAccount.nullable(),
});
export type Unmasked = z.infer<typeof Unmasked>;

export const PAYMENT_CHANNELS = ['bank_transfer', 'social_security_card', 'cash', 'in_kind'] as const;
export const PaymentChannel = z.enum(PAYMENT_CHANNELS);
export const PaymentInput = z.strictObject({
  amount: Yuan.refine((n) => n > 0, 'positive'),
  paidOn: IsoDate,
  channel: PaymentChannel,
  reference: z.string().trim().min(2).max(100),
  proofFileId: Id.nullable().default(null),
});
export const BatchPaymentInput = z.strictObject({
  items: z
    .array(PaymentInput.extend({ applicationId: Id }))
    .min(1)
    .max(500),
});

export const Beneficiary = z.object({
  applicationId: z.number().nullable(),
  program: z.object({ id: z.number(), name: z.string() }),
  person: z.object({ id: z.number(), name: z.string(), idNumberMasked: z.string().nullable() }),
  org: z.object({ id: z.number(), name: z.string() }),
  amount: z.number(),
  paidOn: z.string(),
  channel: z.string(),
});
export const BeneficiaryQuery = z.object({
  programId: z.coerce.number().int().positive().optional(),
  orgId: z.coerce.number().int().positive().optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const EligibilityVerdict = z.object({
  program: z.object({ id: z.number(), code: z.string(), name: z.string() }),
  verdict: z.enum(['eligible', 'ineligible', 'to_declare']),
  problems: z.array(z.object({ field: z.string(), message: LocalizedText })),
  /** What the applicant must still declare with proof (civil category, diagnosis). */
  toDeclare: z.array(z.string()),
});

/* 母亲邮包 */

export const ParcelBatchInput = z.strictObject({
  programId: Id,
  orgId: Id,
  name: z.string().trim().min(2).max(60),
  tier: z.union([z.literal(100), z.literal(200)]),
  quantity: z.number().int().min(1).max(1_000_000),
});
export const AllocationInput = z.strictObject({
  items: z
    .array(z.strictObject({ orgId: Id, quantity: z.number().int().min(1).max(1_000_000) }))
    .min(1)
    .max(100),
});
export const DeliveryInput = z.strictObject({
  personId: Id,
  deliveredOn: IsoDate,
  /** The cadre confirmed she is a mother the program serves (identity and situation checked on the spot). */
  verified: z.literal(true),
});
export const FeedbackInput = z.strictObject({
  receivedOn: IsoDate,
  satisfaction: z.enum(['satisfied', 'fair', 'unsatisfied']),
  message: z.string().trim().min(1).max(500),
});
export const ParcelAllocation = z.object({
  id: z.number(),
  org: z.object({ id: z.number(), name: z.string() }),
  parentId: z.number().nullable(),
  quantity: z.number(),
  allocatedDown: z.number(),
  delivered: z.number(),
  feedback: z.number(),
});
export const ParcelBatch = z.object({
  id: z.number(),
  program: z.object({ id: z.number(), name: z.string() }),
  org: z.object({ id: z.number(), name: z.string() }),
  name: z.string(),
  tier: z.number(),
  quantity: z.number(),
  allocations: z.array(ParcelAllocation),
});
export const ParcelDelivery = z.object({
  id: z.number(),
  allocationId: z.number(),
  person: z.object({ id: z.number(), name: z.string() }),
  deliveredOn: z.string(),
  verifiedBy: z.string(),
  feedback: FeedbackInput.nullable(),
});
export const BatchIdParams = z.object({ batchId: z.coerce.number().int().positive() });
export const AllocationIdParams = z.object({ allocationId: z.coerce.number().int().positive() });
export const DeliveryIdParams = z.object({ deliveryId: z.coerce.number().int().positive() });

/* 节日慰问 */

export const GreetingListInput = z.strictObject({
  programId: Id,
  orgId: Id,
  name: z.string().trim().min(2).max(60),
  festival: z.string().trim().min(2).max(20),
  tagsAny: z.array(z.string().trim().min(2).max(40)).min(1).max(10),
  greetOn: IsoDate,
});
export const GreetingList = z.object({
  id: z.number(),
  program: z.object({ id: z.number(), name: z.string() }),
  org: z.object({ id: z.number(), name: z.string() }),
  name: z.string(),
  festival: z.string(),
  tagsAny: z.array(z.string()),
  greetOn: z.string(),
  entries: z.array(
    z.object({
      id: z.number(),
      person: z.object({ id: z.number(), name: z.string() }),
      org: z.object({ id: z.number(), name: z.string() }),
      greetedAt: z.string().nullable(),
    }),
  ),
});
export const GreetingListIdParams = z.object({ listId: z.coerce.number().int().positive() });

/* the residents' side (/h5) */

export const PortalProgram = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  benefit: Benefit,
  period: PeriodRule,
  materials: z.array(Material),
});
export const PortalApplicationInput = ApplicationInput.pick({
  programId: true,
  civilCategory: true,
  diagnosis: true,
  bankAccount: true,
  note: true,
});
export const PortalApplication = z.object({
  id: z.number(),
  program: z.object({ id: z.number(), name: z.string() }),
  state: ApplicationState,
  stepName: z.string().nullable(),
  reason: z.string().nullable(),
  amount: z.number(),
  submittedAt: z.string().nullable(),
  history: z.array(z.object({ stepName: z.string(), action: z.string(), at: z.string() })),
  materials: z.array(MaterialView),
  missingMaterials: z.array(z.string()),
  paidOn: z.string().nullable(),
});
export type PortalApplication = z.infer<typeof PortalApplication>;
