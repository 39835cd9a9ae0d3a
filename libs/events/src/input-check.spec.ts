import { FeedInputError, assertFeedText, inspectFeedBytes } from './input-check';
import { parseQueueLog } from './queue-log';
import { parseBankCalls } from './bank';

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));
const LINE = '1718000000|1718000000.1|hotline|NONE|ENTERQUEUE||13800000001|1\n';

describe('refusing input that is not text (bytes)', () => {
  it('accepts UTF-8 text: Chinese member names, a byte-order mark, 4-byte characters, CRLF and tabs', () => {
    expect(inspectFeedBytes(bytes([0xef, 0xbb, 0xbf], LINE, '1718000004|1718000000.1|hotline|坐席 张三|CONNECT|4|x|2\r\n', 'a\tb 😀\n'))).toBeNull();
  });

  it('a NUL byte: its line and byte offset', () => {
    const b = bytes(LINE, '1718000004|1718000000.1|hotline|PJSIP/80', [0], '01|CONNECT|4|x|2\n');
    expect(inspectFeedBytes(b)).toMatchObject({ problem: 'nul', line: 2, offset: LINE.length + 40, unit: 'byte' });
  });

  it('compressed files and archives by their signature, binary files by their share of control bytes', () => {
    expect(inspectFeedBytes(bytes([0x1f, 0x8b, 0x08, 0x00], 'rest'))).toMatchObject({ problem: 'archive', line: 1, offset: 0 });
    expect(inspectFeedBytes(bytes([0x1f, 0x8b, 0x08, 0x00]))!.detail).toMatch(/gzip-compressed.*gunzip/);
    expect(inspectFeedBytes(bytes([0x50, 0x4b, 0x03, 0x04], 'x'))!.detail).toMatch(/ZIP archive.*xlsx/);
    const binary = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    expect(inspectFeedBytes(binary)).toMatchObject({ problem: 'binary', unit: 'byte' });
  });

  it('bytes that are not UTF-8: GBK text, overlong forms, surrogates, a sequence cut at the end; UTF-16 by its byte-order mark', () => {
    const gbk = bytes('1718000000|1718000000.1|', [0xd7, 0xc9, 0xd1, 0xaf], '|NONE|ENTERQUEUE||1|1\n');
    expect(inspectFeedBytes(gbk)).toMatchObject({ problem: 'encoding', line: 1, offset: 24 });
    expect(inspectFeedBytes(gbk, false)).toBeNull(); // the caller decodes another encoding itself
    expect(inspectFeedBytes(bytes('ab', [0xc0, 0x80]))).toMatchObject({ offset: 2 });
    expect(inspectFeedBytes(bytes('ab', [0xed, 0xa0, 0x80]))).toMatchObject({ offset: 2 });
    expect(inspectFeedBytes(bytes('ab\ncd', [0xe5, 0x9d]))).toMatchObject({ line: 2, offset: 5 });
    expect(inspectFeedBytes(bytes([0xff, 0xfe], [0x31, 0, 0x37, 0]))).toMatchObject({ problem: 'encoding', offset: 0 });
  });
});

describe('refusing input that is not text (decoded text, in the adapters)', () => {
  it('a NUL character: FeedInputError naming the file, the line and the character offset', () => {
    const text = `${LINE}1718000004|1718000000.1|hotline|PJSIP/80\u000001|CONNECT|4|x|2\n`;
    expect(() => assertFeedText(text, 'q.log')).toThrow(FeedInputError);
    expect(() => assertFeedText(text, 'q.log')).toThrow(`q.log: refused at line 2 (character offset ${LINE.length + 40}): a NUL character`);
    expect(() => parseQueueLog(text, { file: 'q.log' })).toThrow(/^q\.log: refused at line 2 /);
    expect(() => parseQueueLog(text.replace(/\n/g, ','))).toThrow(FeedInputError);
    const bank = 'vru+line\tcall_id\n\u0000';
    expect(() => parseBankCalls(bank, { file: 'b.tsv' })).toThrow(/b\.tsv: refused at line 2 .*NUL/);
  });

  it('a binary file decoded anyway (mostly control or replacement characters) is refused; ordinary text is not', () => {
    const garbage = Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? '\ufffd' : i % 3 === 1 ? '\u0003' : 'a')).join('');
    expect(() => parseQueueLog(garbage, { file: 'x.bin' })).toThrow(/x\.bin: refused at line 1 \(character offset 0\): .*binary file/);
    expect(() => assertFeedText(`${LINE}\u001b[0m colours and a form feed \f are fine\n`)).not.toThrow();
  });

  it('the error carries the place for programs', () => {
    try {
      assertFeedText('ab\ncd\u0000', 'f');
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(FeedInputError);
      expect((error as FeedInputError).issue).toMatchObject({ problem: 'nul', line: 2, offset: 5, unit: 'character' });
      expect((error as FeedInputError).file).toBe('f');
    }
  });
});
