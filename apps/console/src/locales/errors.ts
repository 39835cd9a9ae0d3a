/**
 * The console's words for the codes of the API's error bodies: the contract's texts (ERROR_TEXTS of
 * @hotline/contracts, every code in Chinese and English) merged into the messages under `apiErrors` (i18n.ts) with
 * `-` written `_` (vue-i18n paths), read by `apiErrorText` (format.ts). Codes that differ only by `-`/`_`
 * (`too-large`, `too_large`) share one key, so they have the same text.
 */
import { ERROR_TEXTS, type ErrorCode } from '@hotline/contracts';

/** The message key of a code under `apiErrors` (`not-an-integer` -> `not_an_integer`: vue-i18n paths take no `-`). */
export function apiErrorKey(code: string): string {
  return code.replace(/-/g, '_');
}

const keyed = (texts: Record<ErrorCode, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(texts).map(([code, text]) => [apiErrorKey(code), text]));

/** Chinese texts, merged into the zh-CN messages; `apiErrorLine` puts the code's words before the server's message. */
export const errorsZhCN = { apiErrors: keyed(ERROR_TEXTS['zh-CN']), apiErrorLine: '{text}：{message}' };
/** English texts, merged into the en messages. */
export const errorsEn: typeof errorsZhCN = { apiErrors: keyed(ERROR_TEXTS.en), apiErrorLine: '{text}: {message}' };
