import type { Response } from 'express';

/** A file an endpoint answers: its bytes, media type and the name it is offered under. */
export interface FileAnswer {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/**
 * `Content-Disposition: attachment` with the file name for old clients (ASCII, unsafe characters replaced) and in full
 * (RFC 6266 with RFC 8187 `filename*`), so Chinese file names arrive intact.
 * @example contentDisposition('1999-02-月度运营报告.pdf') // attachment; filename="1999-02-______.pdf"; filename*=UTF-8''1999-02-%E6%9C%88...
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Answers a file: its type, its name (Chinese kept), no sniffing, no caching (registers' files name people), and its
 * SHA-256 (hex) in `X-Content-SHA256` when given (a submitted document).
 */
export function sendFile(res: Response, file: FileAnswer, sha256?: string): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', contentDisposition(file.fileName));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  if (sha256) res.setHeader('X-Content-SHA256', sha256);
  res.send(file.content);
}
