/**
 * Free text a person types (a reason, a note, a name, a label, a description, a title, a comment): the one rule every
 * such field of a request body goes through, so that a caller's number typed into it is never stored nor shown in
 * clear. Identifiers, codes, logins, passwords, enum values and dates are not free text and keep their own rules
 * (an identifier that looks like a phone number is refused instead: looksLikePhoneNumber).
 */
import { z } from 'zod';
import { maskPhoneNumbers } from './mask';

/**
 * Free text a person types (a complaint's content, a reason, a note, a display name, a label): trimmed, `min`..`max`
 * characters, and masked before it is stored — every run that looks like a phone number (7+ digits) becomes its
 * masked form (maskPhoneNumbers, `138****5678`), so a number typed in never reaches a reader, a document or a log.
 * Zero-width characters are removed first (a summary of only `\u200b` is empty: refused when `min` > 0). The length
 * limits apply to the text as typed, without them.
 * @param max - the most characters; @param min - the fewest (default 0); @param tooShort - the message when shorter.
 */
export function freeText(max: number, min = 0, tooShort?: string) {
  const base = z.string().overwrite(stripInvisible).trim();
  return (min > 0 ? base.min(min, tooShort) : base).max(max).transform(maskPhoneNumbers);
}

/** Zero-width characters (U+200B..U+200D, U+2060, U+FEFF): invisible, so a text of only these is empty. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/** The text without its zero-width characters (see {@link freeText}). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}
