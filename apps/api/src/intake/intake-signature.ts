import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { INTAKE_SIGNATURE_TOLERANCE_SECONDS } from '@hotline/contracts';

/**
 * The platform push's signature (README "Platform push"; libs/contracts intake.ts): `sha256=` + lower-case hex of
 * HMAC-SHA-256(secret, `${timestamp}.${rawBody}`), the timestamp in Unix seconds. After Stripe's and GitHub's
 * webhook signatures; RFC 2104 (HMAC), FIPS 180-4 (SHA-256). Pure functions, no I/O.
 */

/**
 * A new public key id: `hk_` + 24 lower-case hex digits (96 random bits), drawn again while it holds a run of 7+
 * decimal digits: the audit trail masks such runs (they may be phone numbers), and a key id must read whole there.
 */
export function newKeyId(): string {
  for (;;) {
    const id = `hk_${randomBytes(12).toString('hex')}`;
    if (!/\d{7}/.test(id)) return id;
  }
}

/** A new secret: base64url of 32 random bytes (43 characters), the HMAC key as UTF-8 text. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The signature header value of a body.
 * @param secret the key's secret (as shown at creation; its UTF-8 bytes are the HMAC key).
 * @param timestamp Unix seconds, as sent in X-Hotline-Timestamp (the decimal text is signed, not a number).
 * @param body the body's bytes exactly as sent.
 * @returns `sha256=<64 hex>`.
 */
export function signPush(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/**
 * Whether `signature` is the right one, compared in constant time (the comparison's duration does not depend on
 * where the first wrong digit is: timingSafeEqual over equal-length buffers).
 */
export function signatureMatches(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(signPush(secret, timestamp, body));
  const given = Buffer.from(signature.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Reads X-Hotline-Timestamp and checks its window.
 * @param header the header's value.
 * @param nowMs the server's clock, ms since the epoch.
 * @returns `ok` with the seconds, or why it is refused: `malformed` (not 1..12 decimal digits) or `stale` (more than
 *   {@link INTAKE_SIGNATURE_TOLERANCE_SECONDS} away from the server's clock, either way) with the skew in seconds.
 */
export function checkTimestamp(header: string, nowMs: number): { ok: true; seconds: number } | { ok: false; problem: 'malformed' } | { ok: false; problem: 'stale'; skewSeconds: number } {
  if (!/^\d{1,12}$/.test(header.trim())) return { ok: false, problem: 'malformed' };
  const seconds = Number(header.trim());
  const skewSeconds = Math.round(nowMs / 1000 - seconds);
  if (Math.abs(skewSeconds) > INTAKE_SIGNATURE_TOLERANCE_SECONDS) return { ok: false, problem: 'stale', skewSeconds };
  return { ok: true, seconds };
}
