/**
 * Incremental line splitting for a followed log file (pure: bytes in, lines out, no I/O).
 *
 * A follower reads a growing file in arbitrary chunks; a chunk may end in the middle of a line (the writer has not
 * finished it yet) or even in the middle of a UTF-8 character. {@link LineSplitter} cuts on the newline byte (0x0A)
 * only, so a partial line is held back until its newline arrives, and each complete line is decoded on its own
 * (a multi-byte character is never split). Every line carries the byte offset just after its newline: that is the
 * offset a checkpoint may record once the line's events are safely written.
 */

/** One complete line of a followed file. */
export interface SplitLine {
  /** The line's text without its `\n` (a trailing `\r` is removed too), decoded as UTF-8. */
  text: string;
  /** Byte offset in the file just after this line's `\n` (where reading resumes after it). */
  end: number;
  /** 1-based line number in the file. */
  line: number;
}

/** Lines beyond this many bytes without a newline are cut (Asterisk formats a line into an 8192-byte buffer). */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Splits a byte stream into lines, keeping the unfinished last line for the next chunk.
 * Usage: `new LineSplitter(offset, line)` at the offset and line count a checkpoint recorded, then `push(chunk)`
 * for each chunk read from that offset on.
 */
export class LineSplitter {
  private partial: Uint8Array[] = [];
  private partialBytes = 0;
  private readonly decoder = new TextDecoder('utf-8');

  /**
   * @param offset byte offset of the first byte that will be pushed (0 for a new file)
   * @param lines number of complete lines before that offset (0 for a new file)
   */
  constructor(
    private offset = 0,
    private lines = 0,
  ) {}

  /** Byte offset just after the last complete line returned (the safe resume point). */
  get committedOffset(): number {
    return this.offset;
  }

  /** Complete lines returned so far, counting those before the starting offset. */
  get lineCount(): number {
    return this.lines;
  }

  /** Bytes of an unfinished last line held back, waiting for its newline. */
  get pendingBytes(): number {
    return this.partialBytes;
  }

  /** Adds the next chunk read from the file. @returns the lines it completed, in order. */
  push(chunk: Uint8Array): SplitLine[] {
    const out: SplitLine[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== 0x0a) continue;
      out.push(this.complete(chunk.subarray(start, i), i - start + 1));
      start = i + 1;
    }
    if (start < chunk.length) {
      this.partial.push(chunk.slice(start));
      this.partialBytes += chunk.length - start;
      if (this.partialBytes > MAX_LINE_BYTES) out.push(this.complete(new Uint8Array(0), 0)); // runaway line: cut it
    }
    return out;
  }

  /**
   * Ends the input: the writer has moved on (the file was rotated away), so an unfinished last line is complete as
   * it is. @returns that line, or nothing when there was none.
   */
  flush(): SplitLine[] {
    return this.partialBytes > 0 ? [this.complete(new Uint8Array(0), 0)] : [];
  }

  private complete(tail: Uint8Array, consumed: number): SplitLine {
    let bytes: Uint8Array;
    if (this.partial.length === 0) {
      bytes = tail;
    } else {
      bytes = new Uint8Array(this.partialBytes + tail.length);
      let at = 0;
      for (const part of this.partial) {
        bytes.set(part, at);
        at += part.length;
      }
      bytes.set(tail, at);
    }
    this.offset += this.partialBytes + consumed;
    this.partial = [];
    this.partialBytes = 0;
    this.lines += 1;
    return { text: this.decoder.decode(bytes).replace(/\r$/, ''), end: this.offset, line: this.lines };
  }
}
