import { randomBytes } from 'node:crypto';
import { CallerVault, CallerVaultError, callerRef, isCallerHash, parseCallerKeys } from './caller-vault.js';

const key = () => randomBytes(32);
const hmacKey = randomBytes(32);

describe('CallerVault', () => {
  const k1 = { id: 'k1', key: key() };
  const vault = new CallerVault([k1], hmacKey);

  it('protects a number: hash, cipher under the current key, masked form; reveal gives it back', () => {
    const p = vault.protect('13812345678');
    expect(p.keyId).toBe('k1');
    expect(p.masked).toBe('138****5678');
    expect(isCallerHash(p.hash)).toBe(true);
    expect(p.cipher).not.toContain('13812345678');
    expect(Buffer.from(p.cipher, 'base64').toString('latin1')).not.toContain('13812345678');
    // iv (12) | tag (16) | ciphertext (as long as the text)
    expect(Buffer.from(p.cipher, 'base64')).toHaveLength(12 + 16 + 11);
    expect(vault.reveal(p.cipher, p.keyId)).toBe('13812345678');
  });

  it('hashes are keyed and stable: the same number gives the same hash, another key another hash', () => {
    expect(vault.hash('+12025550101')).toBe(vault.protect('+12025550101').hash);
    expect(vault.hash('+1 202-555-0101')).toBe(vault.hash('+12025550101'));
    expect(vault.hash('+12025550102')).not.toBe(vault.hash('+12025550101'));
    const other = new CallerVault([k1], randomBytes(32));
    expect(other.hash('+12025550101')).not.toBe(vault.hash('+12025550101'));
    expect(callerRef(vault.hash('x'))).toHaveLength(12);
    expect(callerRef('13812345678')).toBeNull();
  });

  it('encrypts with a fresh IV each time (equal numbers give different ciphers)', () => {
    const a = vault.protect('13812345678');
    const b = vault.protect('13812345678');
    expect(a.cipher).not.toBe(b.cipher);
    expect(a.hash).toBe(b.hash);
  });

  it('detects tampering through the GCM tag: a changed ciphertext, tag or iv byte does not decrypt', () => {
    const { cipher, keyId } = vault.encryptText('1546015415|1546015415.757927|201|NONE|ENTERQUEUE||+12025550101|1');
    for (const at of [0, 12, 28, 40]) {
      const bytes = Buffer.from(cipher, 'base64');
      bytes[at] ^= 0x01;
      expect(() => vault.decryptText(bytes.toString('base64'), keyId)).toThrow(/does not verify/);
    }
    expect(() => vault.decryptText(Buffer.alloc(10).toString('base64'), keyId)).toThrow(/too short/);
  });

  it('rotates keys: the first key encrypts, an old key id still decrypts, an unknown key id is a clear error', () => {
    const old = vault.protect('13900001111');
    const k2 = { id: 'k2', key: key() };
    const rotated = new CallerVault([k2, k1], hmacKey);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.reveal(old.cipher, 'k1')).toBe('13900001111');
    const fresh = rotated.protect('13900001111');
    expect(fresh.keyId).toBe('k2');
    expect(fresh.hash).toBe(old.hash); // the hash key did not change: repeat callers still match
    expect(rotated.reveal(fresh.cipher, 'k2')).toBe('13900001111');
    // the old vault does not know k2
    expect(() => vault.reveal(fresh.cipher, 'k2')).toThrow(CallerVaultError);
    expect(() => vault.reveal(fresh.cipher, 'k2')).toThrow(/caller key "k2" is not configured/);
    // a cipher opened with the wrong key id fails the tag check rather than giving garbage
    expect(() => rotated.reveal(fresh.cipher, 'k1')).toThrow(/does not verify/);
  });

  it('reads HOTLINE_CALLER_KEYS and refuses bad keys', () => {
    const a = key().toString('base64');
    const b = key().toString('base64');
    const keys = parseCallerKeys(`new:${a}, old:${b}`);
    expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
    const v = CallerVault.fromConfig({ HOTLINE_CALLER_KEYS: `new:${a},old:${b}`, HOTLINE_CALLER_HMAC_KEY: hmacKey.toString('base64') });
    expect(v.currentKeyId).toBe('new');
    expect(() => parseCallerKeys(`x:${randomBytes(16).toString('base64')}`)).toThrow(/16 bytes, expected 32/);
    expect(() => parseCallerKeys(`a:${a},a:${b}`)).toThrow(/repeated/);
    expect(() => parseCallerKeys('')).toThrow(/no key/);
    expect(() => new CallerVault([k1], randomBytes(16))).toThrow(/at least 32/);
  });
});
