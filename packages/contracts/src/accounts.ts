import { z } from 'zod';
import { Permission, Role } from './permissions.js';
import { OrgSummary } from './organizations.js';
import { MobilePhone } from './people.js';
import { SecondFactorState } from './auth.js';

export const PASSWORD_RULES = { minLength: 8, minClasses: 3, historyDepth: 5, maxAgeDays: 90 } as const;

/** 8+ characters with 3 of 4 classes (lower, upper, digit, symbol) — common 等保 assessor practice. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_RULES.minLength) problems.push('too-short');
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < PASSWORD_RULES.minClasses) problems.push('too-few-classes');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('contains-username');
  return problems;
}

export const Username = z
  .string()
  .trim()
  .regex(/^[a-z0-9_.-]{3,40}$/, 'username: 3–40 of a-z 0-9 _ . -');
export const LoginInput = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});
export const ChangePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const Me = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
  permissions: z.array(Permission),
  homeOrg: OrgSummary,
  mustChangePassword: z.boolean(),
  passwordExpiresOn: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  /** The second factor of this session (auth.ts): 'enrol' or 'verify' open nothing else until done. */
  secondFactor: SecondFactorState,
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;

export const UserStatus = z.enum(['active', 'disabled']);
export const User = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  /** The roles in effect. */
  roles: z.array(Role),
  /** Roles asked for that read personal data or cases: in effect once the security officer approves. */
  pendingRoles: z.array(Role),
  /** Her own mobile phone, masked: where her one-time passwords are sent. */
  phone: z.string().nullable(),
  homeOrg: OrgSummary,
  status: UserStatus,
  lockedUntil: z.string().nullable(),
  /** Whether she has an authenticator (TOTP) enrolled; only the security officer can reset it. */
  secondFactorEnrolled: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;
export const CreateUserInput = z.strictObject({
  username: Username,
  displayName: z.string().trim().min(1).max(50),
  homeOrgId: z.number().int().positive(),
  roles: z.array(Role).min(1).max(5),
  /** The user's own mobile phone: her one-time password is sent there, never shown to whoever creates the account. */
  phone: MobilePhone,
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;
export const UpdateUserInput = z.strictObject({
  displayName: z.string().trim().min(1).max(50).optional(),
  roles: z.array(Role).min(1).max(5).optional(),
  status: UserStatus.optional(),
});
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;
export const UserIdParams = z.object({ userId: z.coerce.number().int().positive() });
export const ListUsersQuery = z.object({
  q: z.string().trim().max(50).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
/**
 * Where a one-time password went when an account was created or its password reset. The password itself is never in
 * an answer: it goes by SMS to the user's own phone (`sms`; `development`: the demo's channel, the server log), or,
 * with no SMS channel (`none`), it is issued at the server's console (`jinguo users reset-password`).
 */
export const PasswordDelivery = z.object({
  channel: z.enum(['sms', 'development', 'none']),
  sentTo: z.string().nullable(),
});
export type PasswordDelivery = z.infer<typeof PasswordDelivery>;
export const PasswordSent = z.object({ user: User, delivery: PasswordDelivery });
export type PasswordSent = z.infer<typeof PasswordSent>;
/** The security officer records or corrects a user's phone (the admin cannot redirect where passwords go). */
export const SetUserPhoneInput = z.strictObject({ phone: MobilePhone });

/* Role grants 授权审批: roles that read personal data or cases take effect when the security officer approves. */
export const RoleGrantStatus = z.enum(['pending', 'approved', 'refused', 'withdrawn']);
export type RoleGrantStatus = z.infer<typeof RoleGrantStatus>;
export const RoleGrant = z.object({
  id: z.number().int(),
  user: z.object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    homeOrg: OrgSummary,
    roles: z.array(Role),
    status: UserStatus,
    phone: z.string().nullable(),
    /** Other accounts registered with the same phone (e.g. the requester's own): a reason to look twice. */
    phoneSharedWith: z.array(z.string()),
  }),
  /** The roles asked for, added to the user's roles on approval. */
  roles: z.array(Role),
  status: RoleGrantStatus,
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
});
export type RoleGrant = z.infer<typeof RoleGrant>;
export const RoleGrantsQuery = z.object({
  status: RoleGrantStatus.default('pending'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const RoleGrantIdParams = z.object({ grantId: z.coerce.number().int().positive() });
export const RefuseRoleGrantInput = z.strictObject({ reason: z.string().trim().min(2).max(200) });
