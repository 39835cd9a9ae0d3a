import { errorsEn, errorsZhCN, apiErrorKey } from '../../../apps/console/src/locales/errors';
import { API_ERROR_CODES, ErrorCode } from './errors';

// The texts (ERROR_TEXTS) are typed `Record<ErrorCode, string>` (tsc fails on a missing code); this reads the
// console's messages as vue-i18n looks them up (`apiErrors.<code with - written _>`), so a code whose key is missing
// there, an empty text or one left in the other language fails a test too.
describe("every error code the API can send has the console's words", () => {
  const cjk = /[\u4e00-\u9fff]/;

  it.each(ErrorCode.options)('%s: Chinese and English text', (code) => {
    const key = apiErrorKey(code);
    expect(key).toMatch(/^[a-z_]+$/);
    expect(errorsZhCN.apiErrors[key]).toMatch(cjk);
    expect(errorsEn.apiErrors[key]).toMatch(/^[^\u4e00-\u9fff]+$/);
  });

  it('the lists hold no stray keys, and the API codes are snake_case', () => {
    const keys = new Set(ErrorCode.options.map(apiErrorKey));
    expect(Object.keys(errorsZhCN.apiErrors).sort()).toEqual([...keys].sort());
    expect(Object.keys(errorsEn.apiErrors).sort()).toEqual([...keys].sort());
    for (const code of API_ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});
