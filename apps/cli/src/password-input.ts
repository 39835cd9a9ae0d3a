// Reading a password for `--password-stdin`: the first line of standard input, or, at a terminal, typed twice
// without echo. Passwords never come on the command line (shell history, `ps`).
import type { Readable } from 'node:stream';
import { CliUsageError, say } from './cli-error';

/**
 * The first line of a stream, without its line ending (`\n`, or `\r\n`); nothing else is trimmed (spaces are part of
 * a password). Stops reading at the first newline.
 * @throws CliUsageError when the stream ends before any character (nothing was piped in).
 */
export async function readFirstLine(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let seen = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    const newline = buffer.indexOf(0x0a);
    if (newline >= 0) {
      chunks.push(buffer.subarray(0, newline));
      seen += newline + 1;
      break;
    }
    chunks.push(buffer);
    seen += buffer.length;
  }
  if (seen === 0) throw new CliUsageError(say('--password-stdin: nothing on standard input (pipe the password in, one line)', '--password-stdin：标准输入为空（请用管道输入密码，一行）'));
  return Buffer.concat(chunks).toString('utf8').replace(/\r$/, '');
}

/** One line typed at the terminal, not echoed (backspace edits, Ctrl-C or Ctrl-D cancels). */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new CliUsageError(say('cancelled', '已取消')));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * The password for `--password-stdin`: at a terminal it is asked twice without echo; otherwise the first line of
 * standard input (see {@link readFirstLine}). Standard input is released afterwards so the process can exit.
 * @throws CliUsageError when nothing was given or the two typed passwords differ.
 */
export async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await promptHidden('password: ');
    const second = await promptHidden('again: ');
    if (first !== second) throw new CliUsageError(say('the two passwords differ', '两次输入的密码不一致'));
    return first;
  }
  try {
    return await readFirstLine(process.stdin);
  } finally {
    process.stdin.destroy();
  }
}
