import { execFileSync } from 'node:child_process';
import { checkTimestamp, newKeyId, newSecret, signPush, signatureMatches } from './intake-signature.js';

describe('platform push signature', () => {
  const secret = 'k3y-secret_abcdefghijklmnopqrstuvwxyz012345';
  const body = Buffer.from('{"events":[{"eventId":"a","type":"call.offered"}]}\n');

  it('is sha256= + hex HMAC-SHA-256 over `${timestamp}.${body}`, as openssl computes it', () => {
    const openssl = execFileSync('openssl', ['dgst', '-sha256', '-hmac', secret, '-r'], { input: Buffer.concat([Buffer.from('1700000000.'), body]) }).toString().split(' ')[0];
    expect(signPush(secret, '1700000000', body)).toBe(`sha256=${openssl}`);
  });

  it('matches only the exact secret, timestamp and bytes', () => {
    const sig = signPush(secret, '1700000000', body);
    expect(signatureMatches(secret, '1700000000', body, sig)).toBe(true);
    expect(signatureMatches(secret, '1700000000', body, sig.toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
    expect(signatureMatches(secret, '1700000001', body, sig)).toBe(false);
    expect(signatureMatches(`${secret}x`, '1700000000', body, sig)).toBe(false);
    expect(signatureMatches(secret, '1700000000', Buffer.concat([body, Buffer.from(' ')]), sig)).toBe(false);
    expect(signatureMatches(secret, '1700000000', body, sig.slice(0, -2))).toBe(false);
    expect(signatureMatches(secret, '1700000000', body, '')).toBe(false);
  });

  it('accepts timestamps within 5 minutes either way only', () => {
    const now = 1_700_000_000_000;
    expect(checkTimestamp('1700000000', now)).toEqual({ ok: true, seconds: 1_700_000_000 });
    expect(checkTimestamp('1699999700', now)).toMatchObject({ ok: true });
    expect(checkTimestamp('1699999699', now)).toEqual({ ok: false, problem: 'stale', skewSeconds: 301 });
    expect(checkTimestamp('1700000301', now)).toEqual({ ok: false, problem: 'stale', skewSeconds: -301 });
    expect(checkTimestamp('1700000000.5', now)).toEqual({ ok: false, problem: 'malformed' });
    expect(checkTimestamp('', now)).toEqual({ ok: false, problem: 'malformed' });
  });

  it('makes distinct key ids and secrets of the documented shapes', () => {
    const ids = new Set(Array.from({ length: 50 }, newKeyId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^hk_[0-9a-f]{24}$/);
    // No run of 7 digits: the audit trail masks those (phone numbers) and must show a key id whole.
    expect([...Array.from({ length: 2000 }, newKeyId)].filter((id) => /\d{7}/.test(id))).toEqual([]);
    expect(newSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
