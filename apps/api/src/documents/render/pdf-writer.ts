/**
 * A small layout layer over pdfkit for the month's PDFs: A4 pages, Noto Sans SC embedded and written in runs per
 * font file (see noto-fonts.ts), titles and headings, paragraphs, bordered tables whose header row repeats on
 * each page, a notice box, a running header and `第 i 页 / 共 n 页` on every page.
 */
import PDFDocument from 'pdfkit';
import { dropInvisible, type MissingGlyphPolicy, type NotoSansSc, type NotoWeight } from './noto-fonts.js';

/** Options every PDF renderer takes. */
export interface PdfRenderOptions {
  /**
   * A character no subset of Noto Sans SC has (emoji, CJK Extension B): `throw` (default) refuses the document
   * with a MissingGlyphError naming the dossier field; `replace` writes the code point as `[U+1F600]`.
   */
  onMissingGlyph?: MissingGlyphPolicy;
}

/** Text style: size in points, bold (weight 700), colour, alignment. */
export interface TextStyle {
  size?: number;
  bold?: boolean;
  color?: string;
  align?: 'left' | 'center' | 'right';
  /** Extra space between wrapped lines, points (default 2; table cells 1). */
  lineGap?: number;
}

/** A table column: header text, relative width, alignment of its cells. */
export interface PdfColumn {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** A table row: its cells, optionally bold (a total row) or shaded. */
export interface PdfRow {
  cells: string[];
  bold?: boolean;
  fill?: string;
}

const INK = '#1a1a1a';
const MUTED = '#595959';
const ACCENT = '#1f3864';
const RULE = '#4d4d4d';
const HEADER_FILL = '#e8ecf3';
const LINE_GAP = 2;
const CELL_PAD = 3;

/** The document being written; {@link finish} gives its bytes. */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly policy: MissingGlyphPolicy;
  private readonly registered = new Set<string>();
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(
    private readonly fonts: NotoSansSc,
    options: { layout: 'portrait' | 'landscape'; title: string; author: string; subject: string; createdAt: Date; policy: MissingGlyphPolicy },
  ) {
    this.policy = options.policy;
    this.doc = new PDFDocument({
      size: 'A4',
      layout: options.layout,
      // 2 cm at the sides; the running header and the page number sit in the top and bottom margins.
      margins: options.layout === 'portrait' ? { top: 64, bottom: 60, left: 56, right: 56 } : { top: 52, bottom: 48, left: 50, right: 50 },
      bufferPages: true,
      lang: 'zh-CN',
      displayTitle: true,
      // Fixed dates: the same dossier renders to the same bytes (the reports register keeps a document's hash).
      info: { Title: options.title, Author: options.author, Subject: options.subject, Creator: 'HotlineOps', Producer: 'HotlineOps', CreationDate: options.createdAt, ModDate: options.createdAt },
    });
    this.done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.useFont(this.fonts.primary(400).key);
    this.doc.fillColor(INK);
  }

  /** Left edge of the text area, points. */
  get left(): number {
    return this.doc.page.margins.left;
  }

  /** Width of the text area, points. */
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  /** Lowest y text may reach on this page. */
  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  private useFont(key: string): void {
    if (!this.registered.has(key)) {
      this.doc.registerFont(key, this.fonts.bytes(key));
      this.registered.add(key);
    }
    this.doc.font(key);
  }

  /**
   * Height of a text wrapped to `width`, measured with the primary font (all subsets share its metrics), without
   * its invisible format characters (they are not drawn either).
   */
  measure(text: string, width: number, style: TextStyle = {}): number {
    const visible = dropInvisible(text);
    this.useFont(this.fonts.primary(style.bold ? 700 : 400).key);
    this.doc.fontSize(style.size ?? 10);
    return this.doc.heightOfString(visible === '' ? ' ' : visible, { width, lineGap: style.lineGap ?? LINE_GAP });
  }

  /** Writes a text at (x, y) wrapped to `width`, in runs per font file; leaves `doc.y` below it. */
  write(text: string, x: number, y: number, width: number, style: TextStyle = {}): void {
    const weight: NotoWeight = style.bold ? 700 : 400;
    const runs = this.fonts.runs(text, weight, this.policy);
    this.doc.fontSize(style.size ?? 10).fillColor(style.color ?? INK);
    if (runs.length === 0) {
      this.doc.y = y;
      return;
    }
    const align = style.align ?? 'left';
    const lineGap = style.lineGap ?? LINE_GAP;
    if (runs.length === 1) {
      this.useFont(runs[0].font);
      this.doc.text(runs[0].text, x, y, { width, align, lineGap });
    } else {
      // Several font files. pdfkit chains them with `continued`, which wraps well but cannot centre or right-align
      // the chain as a whole; a text that fits on one line is therefore placed run by run here, and a longer one
      // is chained left-aligned.
      const widths = runs.map((run) => {
        this.useFont(run.font);
        return this.doc.widthOfString(run.text);
      });
      const total = widths.reduce((a, b) => a + b, 0);
      if (total <= width && !text.includes('\n')) {
        let at = x + (align === 'center' ? (width - total) / 2 : align === 'right' ? width - total : 0);
        runs.forEach((run, i) => {
          this.useFont(run.font);
          this.doc.text(run.text, at, y, { lineBreak: false });
          at += widths[i];
        });
        this.doc.x = x;
        this.doc.y = y + this.doc.currentLineHeight(true) + lineGap;
      } else {
        runs.forEach((run, i) => {
          this.useFont(run.font);
          const options: PDFKit.Mixins.TextOptions = { width, align: 'left', lineGap, continued: i < runs.length - 1 };
          if (i === 0) this.doc.text(run.text, x, y, options);
          else this.doc.text(run.text, options);
        });
      }
    }
    this.doc.fillColor(INK);
  }

  /** Starts a new page when less than `height` points are left on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** Vertical space, points. */
  gap(points: number): void {
    this.doc.y += points;
  }

  /** The document's title, centred, large and bold. */
  title(text: string, size = 20): void {
    this.write(text, this.left, this.doc.y, this.width, { size, bold: true, align: 'center', color: ACCENT });
    this.gap(6);
  }

  /** A centred line under the title. */
  subtitle(text: string, style: TextStyle = {}): void {
    this.write(text, this.left, this.doc.y, this.width, { size: 10.5, align: 'center', color: MUTED, ...style });
    this.gap(2);
  }

  /** A section heading (`一、话务概况`), kept with at least `keep` points of what follows. */
  heading(text: string, keep = 80): void {
    this.gap(10);
    this.ensureSpace(24 + keep);
    this.write(text, this.left, this.doc.y, this.width, { size: 13, bold: true, color: ACCENT });
    const y = this.doc.y + 2;
    this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.6).strokeColor(ACCENT).stroke();
    this.doc.y = y + 6;
  }

  /** A sub-heading (`（一）按日统计`). */
  subheading(text: string, keep = 60): void {
    this.gap(4);
    this.ensureSpace(18 + keep);
    this.write(text, this.left, this.doc.y, this.width, { size: 11, bold: true });
    this.gap(4);
  }

  /** A paragraph of body text, indented by two characters as Chinese prose is. */
  paragraph(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 10.5;
    const indent = size * 2;
    const height = this.measure(text, this.width - indent, style);
    this.ensureSpace(Math.min(height, 60));
    this.write(text, this.left + indent, this.doc.y, this.width - indent, { size, ...style });
    this.gap(4);
  }

  /** A boxed notice (the provisional banner), in a warm colour. */
  notice(text: string): void {
    const pad = 6;
    const height = this.measure(text, this.width - 2 * pad, { size: 10, bold: true }) + 2 * pad;
    this.ensureSpace(height + 6);
    const y = this.doc.y;
    this.doc.rect(this.left, y, this.width, height).lineWidth(1).fillAndStroke('#fff4e5', '#c55a11');
    this.write(text, this.left + pad, y + pad, this.width - 2 * pad, { size: 10, bold: true, color: '#9c3d00' });
    this.doc.y = y + height + 6;
  }

  /**
   * A bordered table spanning the text area: columns share the width by their relative `width`; a row that does not
   * fit starts a new page, where the header row is drawn again.
   */
  table(columns: PdfColumn[], rows: PdfRow[], size = 9): void {
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const header: PdfRow = { cells: columns.map((c) => c.header), bold: true, fill: HEADER_FILL };
    const rowHeight = (row: PdfRow): number =>
      Math.max(...row.cells.map((cell, i) => this.measure(cell, widths[i] - 2 * CELL_PAD, { size, bold: row.bold, lineGap: 1 }))) + 2 * CELL_PAD;
    const draw = (row: PdfRow, isHeader: boolean): void => {
      const height = rowHeight(row);
      const y = this.doc.y;
      let x = this.left;
      row.cells.forEach((cell, i) => {
        const w = widths[i];
        if (row.fill) this.doc.rect(x, y, w, height).fill(row.fill);
        this.doc.rect(x, y, w, height).lineWidth(0.5).strokeColor(RULE).stroke();
        const textHeight = this.measure(cell, w - 2 * CELL_PAD, { size, bold: row.bold, lineGap: 1 });
        const align = isHeader ? 'center' : (columns[i].align ?? 'left');
        this.write(cell, x + CELL_PAD, y + (height - textHeight) / 2, w - 2 * CELL_PAD, { size, bold: row.bold, align, lineGap: 1 });
        x += w;
      });
      this.doc.y = y + height;
    };
    this.ensureSpace(rowHeight(header) + (rows[0] ? rowHeight(rows[0]) : 0));
    draw(header, true);
    for (const row of rows) {
      if (this.doc.y + rowHeight(row) > this.bottom) {
        this.doc.addPage();
        draw(header, true);
      }
      draw(row, false);
    }
    this.doc.x = this.left;
    this.gap(8);
  }

  /** A line of signature fields (`填表人：________`), spread across the width. */
  signatures(fields: string[]): void {
    this.gap(10);
    this.ensureSpace(24);
    const w = this.width / fields.length;
    const y = this.doc.y;
    fields.forEach((f, i) => this.write(`${f}：______________`, this.left + i * w, y, w, { size: 10.5 }));
    this.gap(6);
  }

  /**
   * Writes the running header and `第 i 页 / 共 n 页` on every page and ends the document.
   * @returns the PDF's bytes.
   */
  async finish(runningHeader: string): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const page = this.doc.page;
      const bottom = page.margins.bottom;
      // Below the bottom margin pdfkit would start a new page for the footer: lift the margin while writing it.
      page.margins.bottom = 0;
      const left = page.margins.left;
      const width = page.width - page.margins.left - page.margins.right;
      this.write(runningHeader, left, 30, width, { size: 8, color: MUTED, align: 'right' });
      this.doc
        .moveTo(left, 44)
        .lineTo(left + width, 44)
        .lineWidth(0.4)
        .strokeColor('#bfbfbf')
        .stroke();
      this.write(`第 ${i - range.start + 1} 页 / 共 ${range.count} 页`, left, page.height - 40, width, { size: 8.5, color: MUTED, align: 'center' });
      page.margins.bottom = bottom;
    }
    this.doc.end();
    return this.done;
  }
}
