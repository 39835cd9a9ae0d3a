import { maskNumbersInText } from '@hotline/contracts';
import type { CallerVault } from './caller-vault.js';

/** A dead letter as stored: what people see masked, the raw line encrypted for repair, the file without its path. */
export interface ProtectedDeadLetterText {
  /** The file's base name (never a server path), or null. */
  file: string | null;
  /** The reason with every run of 5+ digits masked. */
  reason: string;
  /** The raw line with every run of 5+ digits masked (what `GET /api/dead-letters` shows). */
  raw: string;
  /** The raw line encrypted (AES-256-GCM, see {@link CallerVault.encryptText}). */
  rawCipher: string;
  rawKeyId: string;
}

/** The last segment of a path, with `/` or `\` separators (`/srv/feeds/queue_log` -> `queue_log`); null stays null. */
export function fileBaseName(file: string | null | undefined): string | null {
  if (file === null || file === undefined || file === '') return null;
  return file.split(/[\\/]/).filter(Boolean).pop() ?? null;
}

/**
 * Protects a dead letter before it is stored: raw and reason masked with `maskNumbersInText` (a caller's number in
 * the line cannot be told from other numbers, so every digit run of 5+ is masked), the clear raw line encrypted,
 * the file reduced to its base name.
 */
export function protectDeadLetter(vault: CallerVault, letter: { file?: string | null; reason: string; raw: string }): ProtectedDeadLetterText {
  const sealed = vault.encryptText(letter.raw);
  return {
    file: fileBaseName(letter.file),
    reason: maskNumbersInText(letter.reason),
    raw: maskNumbersInText(letter.raw),
    rawCipher: sealed.cipher,
    rawKeyId: sealed.keyId,
  };
}
