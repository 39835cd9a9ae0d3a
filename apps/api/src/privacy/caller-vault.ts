import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { maskCallerNumber } from '@hotline/contracts';

/**
 * Caller numbers at rest: encrypted (AES-256-GCM) with a key id so keys can rotate, and carried everywhere else as a
 * keyed hash (HMAC-SHA-256) so that repeat callers can be matched without the number.
 *
 * Sources: NIST SP 800-38D (Galois/Counter Mode: a 96-bit random IV, never reused under one key; a 128-bit tag that
 * authenticates the ciphertext, so any change to it is detected on decryption); RFC 2104 (HMAC) with SHA-256
 * (FIPS 180-4); Node's `crypto` (OpenSSL) implements both.
 */

/** A caller's number as the ledger keeps it: the hash that stands for it, the encrypted number, the masked form. */
export interface ProtectedCaller {
  /** HMAC-SHA-256 of the number (lower-case hex, 64 digits): `Call.callerId`, `Caller.hash`. */
  hash: string;
  /** base64 of iv (12 bytes) | tag (16 bytes) | ciphertext. */
  cipher: string;
  /** The id of the key that encrypted it (the first of HOTLINE_CALLER_KEYS at the time). */
  keyId: string;
  /** What people see (`138****5678`). */
  masked: string;
}

/** Text encrypted with the current key (a dead letter's raw line). */
export interface SealedText {
  cipher: string;
  keyId: string;
}

/** An encryption key of HOTLINE_CALLER_KEYS. */
export interface CallerKey {
  id: string;
  /** 32 bytes (AES-256). */
  key: Buffer;
}

/** A cipher the vault cannot open: unknown key id, or a ciphertext that is malformed or was changed. */
export class CallerVaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallerVaultError';
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const HASH_RE = /^[0-9a-f]{64}$/;

/**
 * Parses HOTLINE_CALLER_KEYS: `id:base64,id:base64,...`, each key 32 bytes. The first encrypts; all decrypt.
 * @throws CallerVaultError on a malformed entry, a key that is not 32 bytes, or a repeated id.
 */
export function parseCallerKeys(spec: string): CallerKey[] {
  const keys = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.indexOf(':');
      if (colon <= 0) throw new CallerVaultError('HOTLINE_CALLER_KEYS: expected id:base64key entries');
      const id = entry.slice(0, colon);
      const key = Buffer.from(entry.slice(colon + 1), 'base64');
      if (key.length !== 32) throw new CallerVaultError(`HOTLINE_CALLER_KEYS: key "${id}" is ${key.length} bytes, expected 32`);
      return { id, key };
    });
  if (keys.length === 0) throw new CallerVaultError('HOTLINE_CALLER_KEYS: no key');
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new CallerVaultError('HOTLINE_CALLER_KEYS: a key id is repeated');
  return keys;
}

/** True when `value` is a caller hash (64 lower-case hex digits) rather than a number in clear. */
export function isCallerHash(value: string | null | undefined): boolean {
  return typeof value === 'string' && HASH_RE.test(value);
}

/** The first 12 hex digits of a caller hash: what people see to group repeat callers. */
export function callerRef(hash: string | null | undefined): string | null {
  return typeof hash === 'string' && isCallerHash(hash) ? hash.slice(0, 12) : null;
}

/**
 * Encrypts, decrypts and hashes callers' numbers. Stateless apart from its keys; safe to share. Provided by
 * PrivacyModule from HOTLINE_CALLER_KEYS and HOTLINE_CALLER_HMAC_KEY.
 */
export class CallerVault {
  private readonly byId: Map<string, Buffer>;
  private readonly current: CallerKey;

  /**
   * @param keys encryption keys, the first one encrypts (32 bytes each, ids unique).
   * @param hmacKey the hashing key (32 bytes or more: RFC 2104 recommends at least the hash's output length).
   * @throws CallerVaultError when there is no key, a key is not 32 bytes, or the HMAC key is shorter than 32 bytes.
   */
  constructor(keys: readonly CallerKey[], private readonly hmacKey: Buffer) {
    if (keys.length === 0) throw new CallerVaultError('no caller encryption key');
    for (const k of keys) if (k.key.length !== 32) throw new CallerVaultError(`caller key "${k.id}" is ${k.key.length} bytes, expected 32`);
    if (hmacKey.length < 32) throw new CallerVaultError(`HOTLINE_CALLER_HMAC_KEY is ${hmacKey.length} bytes, expected at least 32`);
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    this.current = keys[0];
  }

  /** The vault of the configuration (`HOTLINE_CALLER_KEYS`, `HOTLINE_CALLER_HMAC_KEY`, both validated at start-up). */
  static fromConfig(config: { HOTLINE_CALLER_KEYS: string; HOTLINE_CALLER_HMAC_KEY: string }): CallerVault {
    return new CallerVault(parseCallerKeys(config.HOTLINE_CALLER_KEYS), Buffer.from(config.HOTLINE_CALLER_HMAC_KEY, 'base64'));
  }

  /** The id of the key new ciphers are made with. */
  get currentKeyId(): string {
    return this.current.id;
  }

  /**
   * The keyed hash of a number: HMAC-SHA-256 (RFC 2104) of the number without spaces and the separators `-().`, as
   * 64 lower-case hex digits. Equal numbers (however spaced) give equal hashes; without the key, the hash tells
   * nothing (a plain SHA-256 of an 11-digit number could be reversed by trying them all).
   */
  hash(number: string): string {
    return createHmac('sha256', this.hmacKey).update(normalise(number), 'utf8').digest('hex');
  }

  /**
   * Everything the ledger keeps of a caller's number: its hash, the number encrypted with the current key, and the
   * masked form people see.
   */
  protect(number: string): ProtectedCaller {
    const sealed = this.encryptText(number);
    return { hash: this.hash(number), cipher: sealed.cipher, keyId: sealed.keyId, masked: maskCallerNumber(number) ?? '' };
  }

  /**
   * The number of a {@link protect}ed caller.
   * @throws CallerVaultError when the key id is not configured (any more), or the cipher is malformed or was changed.
   */
  reveal(cipher: string, keyId: string): string {
    return this.decryptText(cipher, keyId);
  }

  /**
   * Encrypts text with the current key: AES-256-GCM (NIST SP 800-38D), a fresh random 96-bit IV per message, the
   * 128-bit tag; stored as base64 of iv | tag | ciphertext.
   */
  encryptText(text: string): SealedText {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return { cipher: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'), keyId: this.current.id };
  }

  /**
   * Decrypts what {@link encryptText} (or {@link protect}) made, with the key it names.
   * @throws CallerVaultError for an unknown key id, a malformed cipher, or one whose tag does not verify (changed).
   */
  decryptText(sealed: string, keyId: string): string {
    const key = this.byId.get(keyId);
    if (!key) throw new CallerVaultError(`caller key "${keyId}" is not configured (HOTLINE_CALLER_KEYS): it is needed to decrypt this value`);
    const bytes = Buffer.from(sealed, 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new CallerVaultError('malformed cipher: too short');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new CallerVaultError('the cipher does not verify (GCM tag mismatch): it was changed, or made with another key');
    }
  }
}

/** The number as hashed: without whitespace and the separators `-().` people write numbers with. */
function normalise(number: string): string {
  return number.replace(/[\s\-().]/g, '');
}
