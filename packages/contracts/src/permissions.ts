import { z } from 'zod';

/** Every permission the platform checks. A role's permissions apply to the home org's subtree. */
export const PERMISSIONS = [
  'org.read',
  'org.write', // create, edit, spaces
  'org.reorganize', // move, merge, split, rename, dissolve
  'org.officers.write', // officers, 执委, terms and elections
  'person.read',
  'person.write',
  'person.unmask',
  'user.read',
  'user.manage',
  'security.manage', // lockouts, sessions, password policy
  'audit.read',
  // Rights protection 维权 (docs/decisions/0005-case-access.md). case.read lists existence in the subtree; contents
  // need an entitlement on the case itself (assignment, supervision in the chain, a referral, break-glass).
  'case.read',
  'case.intake',
  'case.write',
  'case.assign', // assign workers, mark 督办, reads contents in the chain (with the case_supervisor role)
  'case.breakglass',
  'case.export',
  'case.figures',
  'case.screening', // screening visits and nil reports (五项机制)
  'case.agencies.manage', // partner agencies, mediator roster
  'case.referral.respond', // partner agency users: their agency's referrals only
  'calendar.manage', // load a year's holiday schedule
  'dev.outbox.read', // the development SMS channel's messages (demo mode only)
  'retention.manage', // retention periods, dry-run reports and confirming a retention run (counts and ids only)
  'visit.read', // every visit record of the subtree
  'visit.record', // record one's own visits (执委 routine contact visits); see one's own
  'visit.write', // record and edit visits for any visitor of the subtree
  'campaign.manage', // launch and close 三访 campaigns for the subtree
  'demand.read', // the demand queue of the subtree
  'demand.write', // intake, routing, replies, 督办 of escalated demands
  'demand.handle', // act on demands dispatched to oneself (volunteers)
  'catalogue.write', // the org's service catalogue 服务清单
  'resident.read', // residents of the portal in the subtree (phones masked)
  'resident.link', // link a resident to a registry person after confirming her identity
  'stats.read', // the indicator catalogue and the statistics cockpit (数据驾驶舱) of the subtree
  'activity.read', // activities of the subtree, their attendance, training records
  'activity.write', // plan, open, cancel, summarise activities; register and check in for others; import attendance
  'volunteer.read', // volunteer teams (志愿服务队, 宣讲队), volunteers, hours, call-ups and their figures of the subtree
  'volunteer.write', // manage teams and volunteers, record hours, call up and record who came
  'callup.respond', // accept or decline a call-up one is asked to (volunteers, 执委, group leaders)
  'duty.read', // the 执委 duty table of the subtree: who is behind
  'duty.manage', // configure the yearly checklist; record 执委领办项目 for any 执委 of the subtree
  'duty.own', // one's own duty checklist progress and led projects (执委)
  'task.read', // tasks and report forms sent to the org or dispatched in its subtree
  'task.submit', // sign for, fill and submit what was sent to the org
  'task.dispatch', // dispatch and forward tasks, build report forms, remind, return and approve
  // Care programs 关爱项目 (issue 14)
  'care.read', // programs, applications, beneficiaries of the subtree (sensitive fields masked)
  'care.apply', // file applications for women of the subtree
  'care.review', // act on applications waiting at the acting org's level
  'care.pay', // record disbursements, the payment list for the finance office
  'care.manage', // program definitions, quotas, parcel batches, greeting lists
  'care.unmask', // read diagnoses and bank accounts in clear (audited)
  'care.override', // a second benefit from a once-only program, with a reason (audited)
] as const;
export const Permission = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof Permission>;

/** Roles of PRODUCT §1. 三员分立: admin, security officer and auditor never overlap and never read personal data. */
export const ROLES = [
  'system_admin',
  'security_officer',
  'auditor',
  'cadre',
  'executive_member',
  'case_worker',
  'mediator',
  'counsellor',
  'partner_agency',
  'volunteer',
  'case_supervisor',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  system_admin: [
    'org.read',
    'org.write',
    'org.reorganize',
    'user.read',
    'user.manage',
    'calendar.manage',
    'dev.outbox.read',
    'retention.manage',
  ],
  security_officer: ['org.read', 'user.read', 'security.manage'],
  auditor: ['org.read', 'audit.read'],
  cadre: [
    'org.read',
    'org.write',
    'org.reorganize',
    'org.officers.write',
    'person.read',
    'person.write',
    'person.unmask',
    'user.read',
    'case.read',
    'case.intake',
    'case.write',
    'case.breakglass',
    'case.figures',
    'case.screening',
    'case.agencies.manage',
    'visit.read',
    'visit.record',
    'visit.write',
    'campaign.manage',
    'demand.read',
    'demand.write',
    'demand.handle',
    'catalogue.write',
    'resident.read',
    'resident.link',
    'stats.read',
    'activity.read',
    'activity.write',
    'volunteer.read',
    'volunteer.write',
    'callup.respond',
    'duty.read',
    'duty.manage',
    'task.read',
    'task.submit',
    'task.dispatch',
    'care.read',
    'care.apply',
    'care.review',
    'care.pay',
    'care.manage',
    'care.unmask',
    'care.override',
  ],
  executive_member: [
    'org.read',
    'person.read',
    'visit.record',
    'activity.read',
    'callup.respond',
    'duty.own',
    'care.read',
    'care.apply',
  ],
  case_worker: [
    'org.read',
    'person.read',
    'case.read',
    'case.intake',
    'case.write',
    'case.breakglass',
    'case.export',
    'case.figures',
    'case.screening',
  ],
  mediator: ['org.read', 'case.read', 'case.write'],
  counsellor: ['org.read', 'case.read', 'case.write'],
  partner_agency: ['case.referral.respond'],
  volunteer: ['org.read', 'demand.handle', 'callup.respond'],
  case_supervisor: [
    'org.read',
    'person.read',
    'case.read',
    'case.intake',
    'case.write',
    'case.assign',
    'case.export',
    'case.figures',
    'case.agencies.manage',
  ],
};

/** Roles that may never be combined on one account (三员分立). */
export const SEPARATED_ROLES: readonly Role[] = ['system_admin', 'security_officer', 'auditor'];

/**
 * Permissions that read personal data (the registry, residents, beneficiaries, volunteers, attendees, visits and
 * demands with their contacts) or rights-protection cases. A role holding any of them reads personal data: the system
 * admin may ask for it on an account, but it takes effect only when the security officer approves (三员分立).
 */
export const PERSONAL_DATA_PERMISSIONS: readonly Permission[] = [
  'person.read',
  'person.write',
  'person.unmask',
  'case.read',
  'case.intake',
  'case.write',
  'case.assign',
  'case.breakglass',
  'case.export',
  'case.screening',
  'case.agencies.manage',
  'case.referral.respond',
  'visit.read',
  'visit.record',
  'visit.write',
  'demand.read',
  'demand.write',
  'demand.handle',
  'resident.read',
  'resident.link',
  'activity.read',
  'activity.write',
  'volunteer.read',
  'volunteer.write',
  'duty.read',
  'duty.manage',
  'duty.own',
  'care.read',
  'care.apply',
  'care.review',
  'care.pay',
  'care.manage',
  'care.unmask',
  'care.override',
];

/** Whether a role reads personal data or cases (and so needs the security officer's approval to be granted). */
export function readsPersonalData(role: Role): boolean {
  return ROLE_PERMISSIONS[role].some((p) => PERSONAL_DATA_PERMISSIONS.includes(p));
}

export const ROLE_LABELS: Record<Role, { 'zh-CN': string; 'en-US': string }> = {
  system_admin: { 'zh-CN': '系统管理员', 'en-US': 'System admin' },
  security_officer: { 'zh-CN': '安全管理员', 'en-US': 'Security officer' },
  auditor: { 'zh-CN': '审计管理员', 'en-US': 'Auditor' },
  cadre: { 'zh-CN': '妇联干部', 'en-US': 'Federation cadre' },
  executive_member: { 'zh-CN': '执委', 'en-US': 'Executive committee member' },
  case_worker: { 'zh-CN': '维权专员', 'en-US': 'Case worker' },
  mediator: { 'zh-CN': '婚调员', 'en-US': 'Mediator' },
  counsellor: { 'zh-CN': '心理咨询师', 'en-US': 'Counsellor' },
  partner_agency: { 'zh-CN': '联动单位', 'en-US': 'Partner agency' },
  volunteer: { 'zh-CN': '志愿者', 'en-US': 'Volunteer' },
  case_supervisor: { 'zh-CN': '维权督导', 'en-US': 'Case supervisor' },
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  return [...new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r]))];
}

/** Returns the reason a role set is not allowed, or null. */
export function roleConflict(roles: readonly Role[]): string | null {
  const separated = roles.filter((r) => SEPARATED_ROLES.includes(r));
  if (separated.length > 1) return 'separation-of-duties';
  if (separated.length === 1 && roles.length > 1) return 'separation-of-duties';
  return null;
}
