/**
 * `Content-Disposition: attachment` with the file name for old clients (ASCII, unsafe characters replaced) and in full
 * (RFC 6266 with RFC 8187 `filename*`), so Chinese file names arrive intact.
 * @example contentDisposition('1999-02-月度运营报告.pdf') // attachment; filename="1999-02-______.pdf"; filename*=UTF-8''1999-02-%E6%9C%88...
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
