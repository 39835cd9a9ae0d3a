import { hash, verify } from '@node-rs/argon2';
import { ARGON2_PARAMS } from '@hotline/contracts';

/** argon2id (the package's default algorithm) with the contract's ARGON2_PARAMS, shared with the CLI. */
const OPTIONS = ARGON2_PARAMS;

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
