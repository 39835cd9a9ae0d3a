import { classifyChange, decideResume, readCheckpoint, type FileCheckpoint } from './follow-checkpoint';

const checkpoint: FileCheckpoint = {
  kind: 'file', path: '/var/log/asterisk/queue_log', identity: { dev: 1, ino: 42, headLength: 1024, headHash: 'h1' }, offset: 5000, line: 80, context: [], at: '2026-12-07T00:00:00.000Z',
};

describe('decideResume', () => {
  it('starts at 0 without a checkpoint', () => {
    expect(decideResume(null, { dev: 1, ino: 42, size: 10 })).toEqual({ action: 'start', reason: 'no-checkpoint' });
  });
  it('resumes at the offset on the same file with the same first bytes', () => {
    expect(decideResume(checkpoint, { dev: 1, ino: 42, size: 5000, headHashAtRecordedLength: 'h1' })).toEqual({ action: 'resume', offset: 5000, line: 80 });
    expect(decideResume(checkpoint, { dev: 1, ino: 42, size: 9000, headHashAtRecordedLength: 'h1' })).toEqual({ action: 'resume', offset: 5000, line: 80 });
  });
  it('starts again at 0 after copytruncate: smaller than the offset, or regrown with other first bytes', () => {
    expect(decideResume(checkpoint, { dev: 1, ino: 42, size: 100, headHashAtRecordedLength: 'h2' })).toEqual({ action: 'start', reason: 'truncated' });
    expect(decideResume(checkpoint, { dev: 1, ino: 42, size: 6000, headHashAtRecordedLength: 'h2' })).toEqual({ action: 'start', reason: 'content-replaced' });
  });
  it('another inode (or device) at the path: rotated by rename while stopped', () => {
    expect(decideResume(checkpoint, { dev: 1, ino: 43, size: 6000, headHashAtRecordedLength: 'h1' })).toEqual({ action: 'rotated' });
    expect(decideResume(checkpoint, { dev: 2, ino: 42, size: 6000, headHashAtRecordedLength: 'h1' })).toEqual({ action: 'rotated' });
  });
});

describe('classifyChange', () => {
  const open = { identity: checkpoint.identity, readTo: 5000 };
  it('grown, unchanged, missing', () => {
    expect(classifyChange(open, { dev: 1, ino: 42 }, 5100, 'h1')).toBe('grown');
    expect(classifyChange(open, { dev: 1, ino: 42 }, 5000, 'h1')).toBe('none');
    expect(classifyChange(open, null, 5000, 'h1')).toBe('missing');
    expect(classifyChange(open, null, 5200, 'h1')).toBe('grown');
  });
  it('truncated when the open file shrank below what was read, or its first bytes changed', () => {
    expect(classifyChange(open, { dev: 1, ino: 42 }, 10, 'h1')).toBe('truncated');
    expect(classifyChange(open, { dev: 1, ino: 42 }, 7000, 'other')).toBe('truncated');
  });
  it('rotated when another file is at the path (the open one is finished first by the follower)', () => {
    expect(classifyChange(open, { dev: 1, ino: 99 }, 5000, 'h1')).toBe('rotated');
    expect(classifyChange(open, { dev: 1, ino: 99 }, 5300, 'h1')).toBe('rotated');
  });
  it('an empty file (nothing hashed yet) is never taken for truncated', () => {
    expect(classifyChange({ identity: { ...checkpoint.identity, headLength: 0, headHash: 'e' }, readTo: 0 }, { dev: 1, ino: 42 }, 0, undefined)).toBe('none');
  });
});

describe('readCheckpoint', () => {
  it('reads a stored checkpoint back, and refuses one of the wrong kind or shape naming the field', () => {
    expect(readCheckpoint(JSON.stringify(checkpoint), 'file')).toEqual(checkpoint);
    expect(readCheckpoint(null, 'file')).toBeNull();
    expect(() => readCheckpoint(JSON.stringify(checkpoint), 'table')).toThrow(/not a table checkpoint: kind/);
    expect(() => readCheckpoint('{', 'file')).toThrow(/not JSON/);
    expect(() => readCheckpoint(JSON.stringify({ ...checkpoint, offset: -1 }), 'file')).toThrow(/offset/);
  });
});
