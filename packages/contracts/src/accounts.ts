import { z } from 'zod';
import { Permission, Role } from './permissions.js';
import { OrgSummary } from './organizations.js';

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
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;

export const UserStatus = z.enum(['active', 'disabled']);
export const User = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
  homeOrg: OrgSummary,
  status: UserStatus,
  lockedUntil: z.string().nullable(),
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
/** Returned once when an account is created or its password reset; never stored in clear. */
export const OneTimePassword = z.object({ user: User, oneTimePassword: z.string() });
