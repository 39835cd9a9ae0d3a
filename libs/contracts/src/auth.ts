import { z } from 'zod';
import { IsoInstant } from './common';
import { freeText } from './free-text';
import { PERMISSIONS, ROLES, type Role } from './permissions';

/** A role name. */
export const RoleName = z.enum(ROLES);
/** A permission name. */
export const PermissionName = z.enum(PERMISSIONS);

/** Login names: 3..32 of a-z, 0-9, `.`, `_`, `-`, starting with a letter (case-insensitive, stored lower-case). */
export const LoginName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9._-]{2,31}$/, 'expected 3 to 32 letters, digits, ".", "_" or "-", starting with a letter');

/** Password policy: length and character classes (等保 2.0 identity authentication: 口令复杂度). */
export const PASSWORD_POLICY = { minLength: 12, maxLength: 128, minClasses: 3, historySize: 5 } as const;

/**
 * What is wrong with a new password under {@link PASSWORD_POLICY}: at least 12 characters (at most 128), at least
 * three of lower-case, upper-case, digits and symbols, and not containing the login name. Reuse of the last five is
 * checked by the API (it needs the stored hashes).
 * @returns codes of the broken rules (`too_short`, `too_long`, `too_few_classes`, `contains_login`); empty when fine.
 */
export function passwordProblems(password: string, login?: string): ('too_short' | 'too_long' | 'too_few_classes' | 'contains_login')[] {
  const problems: ('too_short' | 'too_long' | 'too_few_classes' | 'contains_login')[] = [];
  if (password.length < PASSWORD_POLICY.minLength) problems.push('too_short');
  if (password.length > PASSWORD_POLICY.maxLength) problems.push('too_long');
  // Letters of any script count (\p{Ll}, \p{Lu}; a letter without case, such as Chinese, counts as lower-case).
  const classes = [/[\p{Ll}\p{Lo}]/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((re) => re.test(password)).length;
  if (classes < PASSWORD_POLICY.minClasses) problems.push('too_few_classes');
  if (login && login.length >= 3 && password.toLowerCase().includes(login.toLowerCase())) problems.push('contains_login');
  return problems;
}

/** A password a user or an admin sets: the policy as a schema (the message names the rules broken). */
export const NewPassword = z.string().superRefine((value, ctx) => {
  const problems = passwordProblems(value);
  if (problems.length) {
    ctx.addIssue({
      code: 'custom',
      message: `password policy: at least ${PASSWORD_POLICY.minLength} characters with ${PASSWORD_POLICY.minClasses} of lower-case, upper-case, digits and symbols (${problems.join(', ')})`,
    });
  }
});

/**
 * argon2id cost of password hashes, the same for the API and the CLI: OWASP Password Storage Cheat Sheet's minimum
 * (m = 19 MiB, t = 2, p = 1); RFC 9106. The PHC string carries them, so stronger settings later still verify.
 */
export const ARGON2_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Body of `POST /api/auth/login`. */
export const LoginBody = z.strictObject({ login: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export type LoginBody = z.infer<typeof LoginBody>;

/** The signed-in user and her session (`POST /api/auth/login`, `GET /api/auth/me`). */
export const SessionInfo = z.object({
  user: z.object({
    id: z.number().int(),
    login: z.string(),
    displayName: z.string(),
    roles: z.array(RoleName),
    agentId: z.string().nullable(),
    mustChangePassword: z.boolean(),
  }),
  /** The union of the roles' permissions: the console hides what is not here. */
  permissions: z.array(PermissionName),
  /** Send as header `X-CSRF-Token` with every POST, PUT, PATCH and DELETE. */
  csrfToken: z.string(),
  session: z.object({ createdAt: IsoInstant, idleTimeoutSeconds: z.number().int(), absoluteExpiresAt: IsoInstant }),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** Body of `POST /api/auth/password`: change one's own password. */
export const ChangePasswordBody = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: NewPassword });
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

/** A user account as administrators see it (never a password hash). */
export const UserView = z.object({
  id: z.number().int(),
  login: z.string(),
  displayName: z.string(),
  roles: z.array(RoleName),
  agentId: z.string().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: IsoInstant.nullable(),
  lastLoginAt: IsoInstant.nullable(),
  createdAt: IsoInstant,
});
export type UserView = z.infer<typeof UserView>;

/** The feed's agent id of an agent account (as in `agent.answered`). */
const AgentId = z.string().trim().min(1).max(100);
/** A user's display name (the name shown for her), 1..100 characters, typed numbers masked (freeText). */
const DisplayName = freeText(100, 1);

/**
 * Roles that hold no other role: the system administrator and the auditor (等保 2.0 三员分立, separation of the
 * administrator, the security officer and the auditor): an administrator who could also read calls or the audit log
 * would undo the separation.
 */
export const EXCLUSIVE_ROLES: readonly Role[] = ['admin', 'auditor'];

/** A user's roles: 1..7 distinct roles; `admin` and `auditor` each alone. */
export const RoleSet = z
  .array(RoleName)
  .min(1)
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, 'each role once')
  .refine((r) => r.length === 1 || !r.some((role) => EXCLUSIVE_ROLES.includes(role)), 'admin and auditor hold no other role (三员分立: separation of administration and audit)');

/** Body of `POST /api/users`: the password is temporary (changed at first login). */
export const CreateUserBody = z.strictObject({
  login: LoginName,
  displayName: DisplayName,
  roles: RoleSet,
  agentId: AgentId.nullable().optional(),
  password: NewPassword,
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

/** Body of `PATCH /api/users/{id}`: what changes. Disabling a user ends her sessions. */
export const UpdateUserBody = z.strictObject({
  displayName: DisplayName.optional(),
  roles: RoleSet.optional(),
  agentId: AgentId.nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

/** Body of `POST /api/users/{id}/password`: an admin's reset; the password is temporary and the user's sessions end. */
export const ResetPasswordBody = z.strictObject({ password: NewPassword });
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;

/** Path of `DELETE /api/sessions/{id}`: a session's handle (32 hex). */
export const SessionHandleParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/, 'expected a session id') });

/** A signed-in session as an administrator sees it (`id` is a handle, not the cookie's secret). */
export const SessionView = z.object({
  id: z.string(),
  userId: z.number().int(),
  login: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: IsoInstant,
  lastSeenAt: IsoInstant,
});
export type SessionView = z.infer<typeof SessionView>;
