import { LineSplitter, MAX_LINE_BYTES } from './line-splitter';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('LineSplitter', () => {
  it('holds a partial last line back until its newline arrives, with the offset just after each newline', () => {
    const s = new LineSplitter();
    expect(s.push(bytes('1|a|q|NONE|ENTERQUEUE||1|1\n1|a|q'))).toEqual([{ text: '1|a|q|NONE|ENTERQUEUE||1|1', end: 27, line: 1 }]);
    expect(s.committedOffset).toBe(27);
    expect(s.pendingBytes).toBe(5);
    expect(s.push(bytes('|NONE|ABANDON|1|1|3'))).toEqual([]);
    expect(s.committedOffset).toBe(27);
    expect(s.push(bytes('\r\n'))).toEqual([{ text: '1|a|q|NONE|ABANDON|1|1|3', end: 27 + 26, line: 2 }]);
    expect(s.pendingBytes).toBe(0);
  });

  it('never splits a UTF-8 character cut between two chunks', () => {
    const all = bytes('1|c|热线|张三|PAUSE|午休\n');
    const s = new LineSplitter(100, 7);
    const cut = 11; // inside 热
    const out = [...s.push(all.subarray(0, cut)), ...s.push(all.subarray(cut))];
    expect(out).toEqual([{ text: '1|c|热线|张三|PAUSE|午休', end: 100 + all.length, line: 8 }]);
  });

  it('gives the same lines whatever the chunking (every cut of a real text)', () => {
    const text = '1|NONE|NONE|NONE|QUEUESTART|\n\n2|x|q|NONE|ENTERQUEUE||1|1\n3|x|q|A|CONNECT|1|y|1\n';
    const whole = new LineSplitter().push(bytes(text));
    for (let cut = 0; cut <= text.length; cut++) {
      const s = new LineSplitter();
      expect([...s.push(bytes(text.slice(0, cut))), ...s.push(bytes(text.slice(cut)))]).toEqual(whole);
    }
    expect(whole.map((l) => l.text)).toEqual(['1|NONE|NONE|NONE|QUEUESTART|', '', '2|x|q|NONE|ENTERQUEUE||1|1', '3|x|q|A|CONNECT|1|y|1']);
  });

  it('flush completes an unfinished last line (the file was rotated away); nothing when there is none', () => {
    const s = new LineSplitter();
    s.push(bytes('a\nb'));
    expect(s.flush()).toEqual([{ text: 'b', end: 3, line: 2 }]);
    expect(s.flush()).toEqual([]);
  });

  it('cuts a runaway line without a newline instead of holding it forever', () => {
    const s = new LineSplitter();
    const out = s.push(new Uint8Array(MAX_LINE_BYTES + 10).fill(0x41));
    expect(out).toHaveLength(1);
    expect(out[0].end).toBe(MAX_LINE_BYTES + 10);
  });
});
