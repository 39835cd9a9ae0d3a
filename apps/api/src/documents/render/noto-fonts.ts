/**
 * Noto Sans SC for the PDFs, from the `@fontsource/noto-sans-sc` package, embedded (subset) in every PDF.
 *
 * What the package ships (investigated for version 5.x): no single font file, but WOFF/WOFF2 *subsets* of the
 * font per weight, in `files/`:
 * - `noto-sans-sc-chinese-simplified-{weight}-normal.woff` (~1.5 MB): about 7,900 characters, the common
 *   simplified Chinese characters, CJK and full-width punctuation, and all of printable ASCII and Latin-1
 *   (digits, Latin letters, `%`, `–`, `×`, `·`, curly quotes). This is the primary font: nearly every text of a
 *   report is drawn with it alone. (Its name table says "Noto Sans SC Thin", a quirk of the package; its
 *   OS/2 weight class and glyphs are those of the weight in the file name.)
 * - `latin`, `latin-ext`, `vietnamese`, `cyrillic`, and about a hundred numbered slices
 *   (`noto-sans-sc-{n}-{weight}-normal.woff`): the rest of the font, split the way web fonts are; the
 *   package's `unicode.json` gives the code-point ranges of each. Some characters a report may well contain are
 *   only there: `≥` (U+2265), `≤`, `①`, `℃`, `●`, `→`, `√`.
 *
 * pdfkit (through fontkit) reads WOFF, but fontkit inflates a WOFF table (with a JavaScript inflater) every time it
 * reads from it: once per glyph for `glyf`, which made a report take minutes. Each file is therefore unpacked once,
 * when it is loaded, into the plain TrueType font it wraps ({@link woffToSfnt}), and that is what fontkit and pdfkit
 * get. Text is written in *runs per font*: {@link NotoSansSc.runs} splits a
 * string into stretches drawn with the primary font and stretches drawn with the subset that has the glyph, so
 * the PDF never shows a box (.notdef). Invisible format characters (zero-width space and joiners, direction marks
 * and embeddings, word joiner, BOM, variation selectors: {@link INVISIBLE_FORMAT}) are dropped before layout: they
 * draw nothing, and no subset has a glyph for them. A character no subset has a glyph for is drawn with the glyph of
 * a canonically equivalent character a subset does have (Greek `Ω` U+03A9 with the glyph of `Ω` OHM SIGN U+2126,
 * which Unicode defines as the same letter; subset 90 has it). A character that no shipped subset has at all
 * (Greek small letters such as ω, CJK Extension B such as 𠀀 or 𠮷, emoji — checked against every subset's
 * cmap for 5.3.1) is either refused with a {@link MissingGlyphError} (the default) or replaced by its code point
 * written as `[U+20BB7]` (policy `replace`): never drawn as a box.
 *
 * The package's files are found with `require.resolve('@fontsource/noto-sans-sc/package.json')`, from the
 * API's installed node_modules (the Docker image installs them with `npm ci`).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { create, type Font } from 'fontkit';

const INVISIBLE_CLASS = '[\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF\\uFE00-\\uFE0F\\u{E0100}-\\u{E01EF}]';
/**
 * One invisible format character, dropped from a text before it is laid out: U+200B..U+200F (zero-width space,
 * non-joiner, joiner, LRM, RLM), U+202A..U+202E (bidi embeddings and overrides), U+2060..U+2064 (word joiner,
 * invisible operators), U+2066..U+2069 (bidi isolates), U+FEFF (BOM / zero-width no-break space), the variation
 * selectors U+FE00..U+FE0F and U+E0100..U+E01EF. (Not global: test with it, {@link dropInvisible} removes them.)
 */
export const INVISIBLE_FORMAT: RegExp = new RegExp(INVISIBLE_CLASS, 'u');
const ALL_INVISIBLE = new RegExp(INVISIBLE_CLASS, 'gu');
const ONE_INVISIBLE = new RegExp(`^${INVISIBLE_CLASS}$`, 'u');

/** A text without its invisible format characters ({@link INVISIBLE_FORMAT}). */
export function dropInvisible(text: string): string {
  return text.replace(ALL_INVISIBLE, '');
}

/** Whether one character (a whole code point) is an invisible format character. */
function isInvisible(ch: string): boolean {
  return ONE_INVISIBLE.test(ch);
}

/**
 * Characters canonically equivalent to a character (Unicode singleton decompositions, read from the runtime's
 * `normalize('NFC')`): `Ω` U+03A9 -> [`Ω` U+2126]; a CJK unified ideograph -> its compatibility ideographs. Built once,
 * on the first character no subset has.
 */
let equivalents: Map<number, number[]> | null = null;
function equivalentsOf(codePoint: number): number[] {
  if (!equivalents) {
    equivalents = new Map();
    for (let cp = 0; cp <= 0x2ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      const nfc = ch.normalize('NFC');
      if (nfc === ch) continue;
      const target = nfc.codePointAt(0) ?? 0;
      if (String.fromCodePoint(target) !== nfc) continue; // decomposes into several characters: not a singleton
      const list = equivalents.get(target) ?? [];
      list.push(cp);
      equivalents.set(target, list);
    }
  }
  const ch = String.fromCodePoint(codePoint);
  const nfc = ch.normalize('NFC');
  const own = nfc !== ch && String.fromCodePoint(nfc.codePointAt(0) ?? 0) === nfc ? [nfc.codePointAt(0) ?? 0] : [];
  const base = own[0] ?? codePoint;
  return [...own, ...(equivalents.get(base) ?? [])].filter((cp) => cp !== codePoint);
}

/** The two weights the documents use: regular text and bold headings. */
export type NotoWeight = 400 | 700;

/** The subset nearly all text is drawn with. */
export const PRIMARY_SUBSET = 'chinese-simplified';

/** What to do with a character no shipped subset has: refuse the document, or write its code point instead. */
export type MissingGlyphPolicy = 'throw' | 'replace';

/** A character no subset of the shipped font can draw. */
export class MissingGlyphError extends Error {
  override readonly name = 'MissingGlyphError';
  constructor(
    /** The character. */
    readonly char: string,
    /** Its code point. */
    readonly codePoint: number,
    /** Where it is in the dossier (`problems`, `complaints.entries[2].summary`); null for a text of the document itself. */
    readonly field: string | null,
  ) {
    super(`${field ?? 'text'}: the character ${JSON.stringify(char)} (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}) is not in the PDF font Noto Sans SC; remove or replace it`);
  }
}

/** A stretch of text drawn with one font file: `font` is the name it is registered under in a PDF. */
export interface FontRun {
  font: string;
  text: string;
}

/** One subset file of one weight, its bytes and parsed font. */
interface SubsetFont {
  /** The name the file is registered under in a PDF, e.g. `noto-400-chinese-simplified`. */
  key: string;
  bytes: Buffer;
  font: Font;
}

/** A code-point range of a subset (from the package's unicode.json). */
interface SubsetRange {
  subset: string;
  from: number;
  to: number;
}

/** `U+9f83` or `U+9f85-9f8d` ranges, comma separated. */
function parseRanges(subset: string, spec: string): SubsetRange[] {
  const out: SubsetRange[] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*U\+([0-9a-f]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (!m) continue;
    const from = parseInt(m[1], 16);
    out.push({ subset, from, to: m[2] ? parseInt(m[2], 16) : from });
  }
  return out;
}

/** The file name of a subset: `[102]` (a numbered slice in unicode.json) -> `noto-sans-sc-102-400-normal.woff`. */
function fileName(subset: string, weight: NotoWeight): string {
  return `noto-sans-sc-${subset.replace(/^\[(\d+)\]$/, '$1')}-${weight}-normal.woff`;
}

/** The `require` of this module: CommonJS's own (Jest runs the sources as CommonJS), or one made for the ESM build. */
async function moduleRequire(): Promise<NodeJS.Require> {
  if (typeof require === 'function') return require;
  return (await import('./noto-fonts-esm.js')).esmRequire;
}

/**
 * The TrueType/OpenType font a WOFF 1.0 file wraps (W3C WOFF 1.0, section 4-5): each table inflated (zlib) where it
 * is compressed, laid out again after a fresh table directory, 4-byte aligned, its checksum kept.
 * @throws Error when the bytes are not a WOFF 1.0 file or a table does not inflate to its declared length.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const tag = woff.toString('latin1', at, at + 4);
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const checksum = woff.readUInt32BE(at + 16);
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error(`WOFF table ${tag}: ${data.length} bytes, ${origLength} declared`);
    return { tag, checksum, data };
  });
  // The directory is sorted by tag (it is in WOFF already); binary-search fields as the OpenType spec defines them.
  tables.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const headerLength = 12 + 16 * numTables;
  const padded = (n: number): number => (n + 3) & ~3;
  const out = Buffer.alloc(headerLength + tables.reduce((s, t) => s + padded(t.data.length), 0));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerLength;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    out.write(t.tag, at, 4, 'latin1');
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(out, offset);
    offset += padded(t.data.length);
  });
  return out;
}

function parseFont(bytes: Buffer, file: string): Font {
  const font = create(bytes);
  if (!('hasGlyphForCodePoint' in font)) throw new Error(`${file} is a font collection, not a font`);
  return font;
}

const NAMED_ORDER = ['latin', 'latin-ext', 'vietnamese', 'cyrillic'];

/**
 * The shipped Noto Sans SC: the primary subset of each weight loaded, the others loaded when a character needs
 * them. One instance serves every render ({@link NotoSansSc.load} caches it).
 */
export class NotoSansSc {
  private static loading: Promise<NotoSansSc> | null = null;
  private readonly subsets = new Map<string, SubsetFont>();
  private readonly coverage = new Map<string, SubsetFont | null>();

  private constructor(
    /** The package's `files/` folder. */
    readonly dir: string,
    private readonly ranges: SubsetRange[],
  ) {}

  /**
   * The font, loaded once per process.
   * @throws Error when `@fontsource/noto-sans-sc` is not installed or its files are unreadable.
   */
  static load(): Promise<NotoSansSc> {
    NotoSansSc.loading ??= NotoSansSc.open().catch((error: unknown) => {
      NotoSansSc.loading = null;
      throw error;
    });
    return NotoSansSc.loading;
  }

  private static async open(): Promise<NotoSansSc> {
    const root = dirname((await moduleRequire()).resolve('@fontsource/noto-sans-sc/package.json'));
    const unicode: unknown = JSON.parse(await readFile(join(root, 'unicode.json'), 'utf8'));
    if (typeof unicode !== 'object' || unicode === null) throw new Error('@fontsource/noto-sans-sc: unicode.json is not an object');
    const entries = Object.entries(unicode).filter((e): e is [string, string] => typeof e[1] === 'string');
    // Named subsets first (latin before the numbered slices that repeat some of its characters).
    entries.sort(([a], [b]) => rank(a) - rank(b));
    const fonts = new NotoSansSc(
      join(root, 'files'),
      entries.flatMap(([subset, spec]) => parseRanges(subset, spec)),
    );
    for (const weight of [400, 700] as const) {
      const file = join(fonts.dir, fileName(PRIMARY_SUBSET, weight));
      const bytes = woffToSfnt(await readFile(file));
      fonts.subsets.set(`${weight}:${PRIMARY_SUBSET}`, { key: `noto-${weight}-${PRIMARY_SUBSET}`, bytes, font: parseFont(bytes, file) });
    }
    return fonts;
  }

  /** The name and bytes of the primary subset of a weight (the font a text is measured with). */
  primary(weight: NotoWeight): { key: string; bytes: Buffer } {
    const s = this.subset(PRIMARY_SUBSET, weight);
    if (!s) throw new Error(`Noto Sans SC ${weight}: primary subset missing`);
    return s;
  }

  /** The bytes of a subset registered under `key` (as {@link runs} names it). */
  bytes(key: string): Buffer {
    for (const s of this.subsets.values()) if (s.key === key) return s.bytes;
    throw new Error(`font ${key} was never loaded`);
  }

  /** The subset file of a weight, loaded on first use; null when the package lacks it. */
  private subset(subset: string, weight: NotoWeight): SubsetFont | null {
    const id = `${weight}:${subset}`;
    const known = this.subsets.get(id);
    if (known) return known;
    const file = join(this.dir, fileName(subset, weight));
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return null;
    }
    bytes = woffToSfnt(bytes);
    const loaded = { key: `noto-${weight}-${subset.replace(/^\[(\d+)\]$/, '$1')}`, bytes, font: parseFont(bytes, file) };
    this.subsets.set(id, loaded);
    return loaded;
  }

  /** The subset that draws a code point in a weight: the primary one if it can, else the first that has it; null if none. */
  fontFor(codePoint: number, weight: NotoWeight): SubsetFont | null {
    const id = `${weight}:${codePoint}`;
    const cached = this.coverage.get(id);
    if (cached !== undefined) return cached;
    let found: SubsetFont | null = null;
    const primary = this.subset(PRIMARY_SUBSET, weight);
    if (primary?.font.hasGlyphForCodePoint(codePoint)) found = primary;
    else {
      for (const r of this.ranges) {
        if (codePoint < r.from || codePoint > r.to) continue;
        const s = this.subset(r.subset, weight);
        if (s?.font.hasGlyphForCodePoint(codePoint)) {
          found = s;
          break;
        }
      }
    }
    this.coverage.set(id, found);
    return found;
  }

  /**
   * How a character is drawn in a weight: with its own glyph, else with the glyph of a canonically equivalent
   * character (`Ω` U+03A9 drawn as `Ω` U+2126); null when no subset has either.
   */
  glyphFor(codePoint: number, weight: NotoWeight): { font: SubsetFont; char: string } | null {
    const own = this.fontFor(codePoint, weight);
    if (own) return { font: own, char: String.fromCodePoint(codePoint) };
    for (const cp of equivalentsOf(codePoint)) {
      const font = this.fontFor(cp, weight);
      if (font) return { font, char: String.fromCodePoint(cp) };
    }
    return null;
  }

  /**
   * Splits a text into runs per font file. Line breaks are kept (in the current run), tabs become spaces, carriage
   * returns and invisible format characters ({@link INVISIBLE_FORMAT}) are dropped, a character without a glyph of
   * its own is drawn with a canonically equivalent one ({@link glyphFor}); any other character the font lacks,
   * control characters included, follows `policy`.
   * @throws MissingGlyphError (policy `throw`) naming the character; `field` says where the text came from.
   */
  runs(text: string, weight: NotoWeight, policy: MissingGlyphPolicy = 'throw', field: string | null = null): FontRun[] {
    const primaryKey = this.primary(weight).key;
    const out: FontRun[] = [];
    const push = (font: string, s: string): void => {
      const last = out[out.length - 1];
      if (last && last.font === font) last.text += s;
      else out.push({ font, text: s });
    };
    for (const ch of text) {
      if (ch === '\n') {
        push(out[out.length - 1]?.font ?? primaryKey, ch);
        continue;
      }
      if (ch === '\r' || isInvisible(ch)) continue;
      if (ch === '\t') {
        push(primaryKey, ' ');
        continue;
      }
      const cp = ch.codePointAt(0) ?? 0;
      const control = cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
      const glyph = control ? null : this.glyphFor(cp, weight);
      if (glyph) {
        push(glyph.font.key, glyph.char);
        continue;
      }
      if (policy === 'throw') throw new MissingGlyphError(ch, cp, field);
      push(primaryKey, `[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]`);
    }
    return out;
  }

  /**
   * Checks every string inside `value` (objects and arrays walked) for characters no subset has, in both weights.
   * @throws MissingGlyphError naming the first one and its path below `path` (`complaints.entries[2].summary`).
   */
  check(value: unknown, path: string): void {
    if (typeof value === 'string') {
      for (const weight of [400, 700] as const) this.runs(value, weight, 'throw', path);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => this.check(v, `${path}[${i}]`));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) this.check(v, path ? `${path}.${k}` : k);
    }
  }
}

function rank(subset: string): number {
  const named = NAMED_ORDER.indexOf(subset);
  if (named >= 0) return named;
  const m = /^\[(\d+)\]$/.exec(subset);
  return m ? 100 + Number(m[1]) : 1000;
}
