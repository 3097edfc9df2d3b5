import { z } from 'zod';
import type { Permission, Role } from './permissions.js';
import { ROLE_PERMISSIONS } from './permissions.js';

/**
 * Permissions that unmask personal data or read rights-protection cases: a user holding any of them signs in with a
 * second factor (TOTP) as well as her password (docs/decisions/0015-second-factor.md).
 */
export const SECOND_FACTOR_PERMISSIONS: readonly Permission[] = ['person.unmask', 'care.unmask', 'case.read'];

export function needsSecondFactor(roles: readonly Role[]): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r].some((p) => SECOND_FACTOR_PERMISSIONS.includes(p)));
}

/**
 * The second factor of the signed-in session: 'off' (not enrolled, not required), 'enrol' (required: the session must
 * enrol an authenticator before anything else), 'verify' (the session must give a code), 'done' (given).
 */
export const SecondFactorState = z.enum(['off', 'enrol', 'verify', 'done']);
export type SecondFactorState = z.infer<typeof SecondFactorState>;

/** A six-digit code from the authenticator app, or a recovery code (xxxx-xxxx-xxxx). */
export const SecondFactorInput = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^(\d{6}|[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})$/i, 'code: six digits, or a recovery code xxxx-xxxx-xxxx'),
});
export const TotpCodeInput = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'code: six digits'),
});

/** The authenticator to add: its secret (base32, to type in) and its otpauth:// address (for a QR code). */
export const TotpEnrolment = z.object({ secret: z.string(), uri: z.string() });
export type TotpEnrolment = z.infer<typeof TotpEnrolment>;

/** Shown once, at enrolment: each works once in place of a code when the phone is lost. */
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;

/** One of my signed-in sessions (a browser somewhere), for the list where I can end it. */
export const SessionInfo = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session this list was asked from. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;
export const SessionList = z.object({ items: z.array(SessionInfo) });
export type SessionList = z.infer<typeof SessionList>;
export const SessionIdParams = z.object({
  sessionId: z.string().regex(/^[0-9a-f]{24}$/, 'sessionId: 24 hex digits'),
});
