import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the parameters OWASP's Password Storage Cheat Sheet gives as a minimum (m = 19 MiB, t = 2, p = 1);
 * the PHC string carries them, so stronger settings later still verify old hashes. Source: RFC 9106 (Argon2).
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const; // the package's default algorithm is argon2id

/** A PHC-format argon2id hash of a password. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** True when the password matches the hash; a malformed hash is a mismatch, never an exception. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified against when the login does not exist, so that a wrong login takes as long as a wrong password. */
let dummy: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword('no user has this password: timing only');
  await verifyPassword(await dummy, password);
  return false;
}
