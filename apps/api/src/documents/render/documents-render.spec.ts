/**
 * The month's documents rendered from the sample dossier and read back the way a person's tools read them:
 * PDFs through poppler (pdftotext for the text, pdffonts for the embedded font, pdftoppm for the pixels of page
 * 1), the .docx's XML unzipped, the workbooks loaded with exceljs. Needs poppler-utils (`apt-get install
 * poppler-utils`). Set DOCUMENTS_RENDER_KEEP=DIR to keep the rendered files for a look.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import type { MonthDossier } from '../dossier.js';
import { compareDecimal, itemPoints, totalText } from './format.js';
import { MissingGlyphError, dropInvisible, renderOperationsReportDocx, renderOperationsReportPdf, renderSelfAssessmentPdf, renderSelfAssessmentXlsx, renderStaffReportXlsx, XLSX_SHEETS } from './index.js';
import { NotoSansSc, PRIMARY_SUBSET } from './noto-fonts.js';
import { ratio, sampleDossier, sampleProvisionalDossier } from './sample-dossier.js';

const KEEP = process.env.DOCUMENTS_RENDER_KEEP;
let dir: string;

beforeAll(() => {
  const missing = ['pdftotext', 'pdffonts', 'pdftoppm'].filter((tool) => spawnSync(tool, ['-v']).error);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not found: install poppler-utils (apt-get install poppler-utils)`);
  dir = KEEP ?? mkdtempSync(join(tmpdir(), 'documents-render-'));
  mkdirSync(dir, { recursive: true });
});

afterAll(() => {
  if (!KEEP && dir) rmSync(dir, { recursive: true, force: true });
});

function save(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** The PDF's text as pdftotext extracts it (reading order, UTF-8). */
const pdfText = (file: string): string => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });

/** pdffonts' table rows: name, type, encoding, emb, sub, uni. */
function pdfFonts(file: string): { name: string; emb: string; sub: string; uni: string }[] {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n');
  return out
    .slice(2)
    .filter((l) => l.trim().length > 0)
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name type... encoding emb sub uni object ID: read from the right, the type may contain spaces.
      const n = cols.length;
      return { name: cols[0], emb: cols[n - 5], sub: cols[n - 4], uni: cols[n - 3] };
    });
}

/** Page 1 rendered at 50 dpi in grey (PGM P5): width, height, pixels. */
function renderPage1(file: string): { width: number; height: number; pixels: Buffer } {
  const bytes = execFileSync('pdftoppm', ['-r', '50', '-gray', '-f', '1', '-l', '1', file]);
  // Header: "P5", width, height, maxval, separated by whitespace (comments start with #), then one byte per pixel.
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[i]))) i++;
    if (bytes[i] === 0x23) {
      while (bytes[i] !== 0x0a) i++;
      continue;
    }
    let token = '';
    while (!/\s/.test(String.fromCharCode(bytes[i]))) token += String.fromCharCode(bytes[i++]);
    fields.push(token);
  }
  i++;
  expect(fields[0]).toBe('P5');
  const [width, height] = [Number(fields[1]), Number(fields[2])];
  return { width, height, pixels: bytes.subarray(i, i + width * height) };
}

/** Dark pixels (< 128 of 255) in rows [top, bottom) of a grey page. */
function darkPixels(page: { width: number; pixels: Buffer }, top: number, bottom: number): number {
  let n = 0;
  for (let y = top; y < bottom; y++) for (let x = 0; x < page.width; x++) if (page.pixels[y * page.width + x] < 128) n++;
  return n;
}

/** Text with all whitespace removed: pdftotext breaks lines and puts table cells on lines of their own. */
const squash = (s: string): string => s.replace(/\s+/g, '');

function docxXml(bytes: Buffer, part: string): string {
  const files = unzipSync(new Uint8Array(bytes));
  const xml = files[part];
  if (!xml) throw new Error(`${part} missing from the .docx`);
  return strFromU8(xml);
}

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(new Uint8Array(bytes).buffer);
  return book;
}

/** The row of a sheet whose column `col` reads `text`. */
function rowWith(sheet: ExcelJS.Worksheet, col: number, text: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && row.getCell(col).value === text) found = row;
  });
  if (!found) throw new Error(`no row with ${text} in column ${col} of ${sheet.name}`);
  return found;
}

const HEADINGS = ['一、话务概况', '二、服务质量指标', '三、热点诉求', '四、话务质检', '五、员工培训', '六、投诉处理', '七、存在问题', '八、改进措施'];

describe('the sample dossier', () => {
  const d = sampleDossier();

  it('is consistent: days and hours sum to the month, the figures the tests look for', () => {
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    expect(sum(d.trafficByDay.map((t) => t.requests))).toBe(d.kpis.requests);
    expect(sum(d.trafficByHour.map((t) => t.agentAnswered))).toBe(d.kpis.agentAnswered);
    expect(d.trafficByHour).toHaveLength(24);
    expect(d.kpis.connectRatePercent).toBe('92.50');
    expect(d.kpis.satisfactionPercent).toBe('96.29');
    expect(d.kpis.complaintRatePercent).toBe('0.006');
    expect(d.qa.quota).toBe(159);
    expect(d.score.total).toBe('98.9');
    expect(ratio(1, 3, 2)).toBe('33.33');
    expect(ratio(2, 3, 2)).toBe('66.67');
    expect(ratio(1, 8, 2)).toBe('12.50');
    expect(ratio(1, 0, 2)).toBeNull();
  });
});

describe('the embedded font (Noto Sans SC from @fontsource/noto-sans-sc)', () => {
  it('draws digits, Latin and Chinese with the chinese-simplified subset, and ≥ ① with the subset that has them', async () => {
    const fonts = await NotoSansSc.load();
    for (let cp = 0x20; cp < 0x7f; cp++) expect(fonts.fontFor(cp, 400)?.key).toBe(`noto-400-${PRIMARY_SUBSET}`);
    for (const ch of '月度运营报告暂定待定，。：（）–') expect(fonts.fontFor(ch.codePointAt(0) ?? 0, 700)?.key).toBe(`noto-700-${PRIMARY_SUBSET}`);
    for (const ch of '≥≤①●→') {
      const font = fonts.fontFor(ch.codePointAt(0) ?? 0, 400);
      expect(font).not.toBeNull();
      expect(font?.key).not.toBe(`noto-400-${PRIMARY_SUBSET}`);
    }
    expect(fonts.runs('接通率≥90%', 400)).toEqual([
      { font: `noto-400-${PRIMARY_SUBSET}`, text: '接通率' },
      { font: fonts.fontFor(0x2265, 400)?.key, text: '≥' },
      { font: `noto-400-${PRIMARY_SUBSET}`, text: '90%' },
    ]);
  });

  it('refuses a character no shipped subset has (emoji, CJK Extension B), or writes its code point', async () => {
    const fonts = await NotoSansSc.load();
    expect(fonts.fontFor(0x1f600, 400)).toBeNull();
    expect(fonts.fontFor(0x20000, 400)).toBeNull();
    expect(() => fonts.runs('好😀', 400)).toThrow(MissingGlyphError);
    expect(fonts.runs('好😀', 400, 'replace')).toEqual([{ font: `noto-400-${PRIMARY_SUBSET}`, text: '好[U+1F600]' }]);
    expect(() => fonts.check({ a: [{ b: 'x' }, { b: '𠀀' }] }, '')).toThrow(expect.objectContaining({ field: 'a[1].b', codePoint: 0x20000 }));
  });
});

describe('characters beyond the primary subset (finding 16)', () => {
  it('drops invisible format characters before layout: zero-width, bidi marks, BOM, variation selectors', async () => {
    const fonts = await NotoSansSc.load();
    const marks = '\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2061\u2062\u2063\u2064\u2066\u2069\uFEFF\uFE00\uFE0F\u{E0100}\u{E01EF}';
    expect(dropInvisible(`投${marks}诉`)).toBe('投诉');
    // refused by no policy: they are simply not drawn
    expect(fonts.runs(`投${marks}诉`, 400, 'throw')).toEqual([{ font: `noto-400-${PRIMARY_SUBSET}`, text: '投诉' }]);
    expect(() => fonts.check({ problems: `a\u200Db\u202Ec` }, '')).not.toThrow();
    const d: MonthDossier = { ...sampleDossier(), problems: `坐席\u200B小\u200D王\u202E反馈\uFEFF❤\uFE0F系统卡顿` };
    const text = squash(pdfText(save('invisible.pdf', await renderOperationsReportPdf(d, { onMissingGlyph: 'replace' }))));
    expect(text).toContain('坐席小王反馈');
    expect(text).not.toMatch(/\[U\+(200B|200D|202E|FEFF|FE0F)\]/);
  });

  it('draws a letter with a canonically equivalent glyph a subset has (Ω U+03A9 as U+2126); only truly absent ones print as [U+XXXX]', async () => {
    const fonts = await NotoSansSc.load();
    // Checked against every subset of @fontsource/noto-sans-sc 5.3.1: none has U+03A9 (Greek), ω or 𠮷 (U+20BB7);
    // subset 90 has U+2126 OHM SIGN, which Unicode defines as the same letter (its NFC is U+03A9).
    expect(fonts.fontFor(0x03a9, 400)).toBeNull();
    expect(fonts.glyphFor(0x03a9, 400)).toMatchObject({ char: '\u2126', font: { key: 'noto-400-90' } });
    expect(fonts.glyphFor(0x03a9, 700)).toMatchObject({ char: '\u2126', font: { key: 'noto-700-90' } });
    expect(fonts.glyphFor(0x20bb7, 400)).toBeNull();
    expect(fonts.glyphFor(0x03c9, 400)).toBeNull();
    expect(() => fonts.runs('Ω', 400, 'throw')).not.toThrow();
    expect(() => fonts.runs('𠮷', 400, 'throw')).toThrow(expect.objectContaining({ codePoint: 0x20bb7 }));
    const d: MonthDossier = { ...sampleDossier(), problems: '线路阻抗5Ω，ω值偏高，𠮷野家' };
    const file = save('omega.pdf', await renderOperationsReportPdf(d, { onMissingGlyph: 'replace' }));
    expect(squash(pdfText(file)).normalize('NFC')).toContain('线路阻抗5Ω，[U+03C9]值偏高，[U+20BB7]野家');
    for (const f of pdfFonts(file)) expect(f).toMatchObject({ emb: 'yes', uni: 'yes' });
  });
});

describe('月度运营报告 PDF', () => {
  it('has the month, its figures, the headings; Noto Sans SC embedded; Chinese glyphs drawn on page 1', async () => {
    const d = sampleDossier();
    const file = save('operations-report.pdf', await renderOperationsReportPdf(d));
    const text = squash(pdfText(file));
    for (const s of ['12123交通安全服务热线', '月度运营报告', '2025年3月', '2025-03-01至2025-03-31', d.supplier, ...HEADINGS]) expect(text).toContain(squash(s));
    // The month's figures exactly as the dossier (the score API) gives them.
    expect(text).toContain('受理来话18240次');
    expect(text).toContain('人工接听15872次');
    expect(text).toContain('92.50%');
    expect(text).toContain('96.29%');
    expect(text).toContain('0.006%');
    expect(text).toContain('参评率25.96%');
    expect(text).toContain('不少于159通');
    expect(text).toContain(squash(`平均得分 ${d.qa.meanScore}`));
    expect(text).toContain('机动车业务');
    expect(text).toContain(`${d.hotTopics[0].sharePercent}%`);
    expect(text).toContain(squash('较上月 +5.02%')); // the change against the month before (三、热点诉求)
    expect(text).toContain('上月无');
    expect(text).toContain('保密制度与个人信息保护');
    expect(text).toContain('有责1件');
    expect(text).toContain('09:00–09:59');
    for (const day of d.trafficByDay) expect(text).toContain(`${day.day}${day.requests}${day.agentAnswered}${day.ivrAnswered}${day.abandoned}${day.connectRatePercent}%`);
    expect(text).toContain('热线接通率92.50%≥90%达标');
    expect(text).toContain('有理由投诉率0.006%≤0.05%达标');
    expect(text).toContain(squash(d.problems.split('\n')[0]));
    expect(text).toContain(squash(d.improvements.split('\n')[2]));
    expect(text).toMatch(/第1页\/共\d+页/);
    expect(text).not.toContain('暂定');

    const fonts = pdfFonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.some((f) => /NotoSansSC/.test(f.name))).toBe(true);
    for (const f of fonts) {
      expect(f.name).toMatch(/^[A-Z]{6}\+NotoSansSC/);
      expect(f).toMatchObject({ emb: 'yes', sub: 'yes', uni: 'yes' });
    }

    const page = renderPage1(file);
    expect(page.width).toBeGreaterThan(400); // A4 portrait at 50 dpi: 413 x 585
    expect(page.height).toBeGreaterThan(580);
    // The title block (hotline, 月度运营报告, period, supplier) below the top margin (64 pt = 44 px): Chinese glyphs
    // drawn (about 550 dark pixels; a blank band has none).
    expect(darkPixels(page, 44, 110)).toBeGreaterThan(300);
  });

  it('is A4 and byte-for-byte the same for the same dossier (its hash can be frozen)', async () => {
    const a = await renderOperationsReportPdf(sampleDossier());
    const b = await renderOperationsReportPdf(sampleDossier());
    expect(a.equals(b)).toBe(true);
    const info = execFileSync('pdfinfo', [save('a4.pdf', a)], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  it('marks a provisional month 暂定 with the range, and names the days missing from the ledger', async () => {
    const d = sampleProvisionalDossier();
    const text = squash(pdfText(save('operations-report-provisional.pdf', await renderOperationsReportPdf(d))));
    expect(text).toContain('暂定');
    expect(text).toContain('总分暂定59–101');
    expect(text).toContain('结算系数暂定0.50–1.00');
    expect(text).toContain('挂机满意度、员工培训、话务质检');
    expect(text).toContain('2025-03-14');
    expect(text).toContain('话务台账无数据');
    expect(text).toContain('96.29%（暂定）');
    expect(text).toContain('计划中');
    expect(text).toContain(`${d.kpis.connectRatePercent}%`);
  });

  it('refuses a text the font cannot draw, naming the field; or writes the code point when asked', async () => {
    const d: MonthDossier = { ...sampleDossier(), problems: '高峰排队偏长😀' };
    await expect(renderOperationsReportPdf(d)).rejects.toThrow(expect.objectContaining({ name: 'MissingGlyphError', field: 'problems', codePoint: 0x1f600 }));
    const s = sampleDossier();
    const e: MonthDossier = { ...s, complaints: { ...s.complaints, entries: [{ ...s.complaints.entries[0], summary: '来电人姓名含𠀀字' }] } };
    await expect(renderOperationsReportPdf(e)).rejects.toThrow(expect.objectContaining({ field: 'complaints.entries[0].summary', codePoint: 0x20000 }));
    const text = squash(pdfText(save('replaced.pdf', await renderOperationsReportPdf(d, { onMissingGlyph: 'replace' }))));
    expect(text).toContain('高峰排队偏长[U+1F600]');
  });

  it('draws characters only a secondary subset has (≤ ① ●) from that subset, never a box', async () => {
    const d: MonthDossier = { ...sampleDossier(), problems: '①等待时长≤20秒的比例下降●需关注' };
    const file = save('secondary.pdf', await renderOperationsReportPdf(d));
    expect(squash(pdfText(file))).toContain('①等待时长≤20秒的比例下降●需关注');
    const fonts = pdfFonts(file);
    expect(fonts.length).toBeGreaterThan(2);
    for (const f of fonts) expect(f).toMatchObject({ emb: 'yes', uni: 'yes' });
  });
});

describe('服务考核自评表 PDF', () => {
  it('lists every item, its points, the deductions, the evidence, the total and coefficient', async () => {
    const d = sampleDossier();
    const file = save('self-assessment.pdf', await renderSelfAssessmentPdf(d));
    const text = squash(pdfText(file));
    expect(text).toContain('服务考核自评表');
    for (const item of d.score.items) expect(text).toContain(item.nameZh);
    expect(text).toContain('接通率≥90%得满分');
    expect(text).toContain('复核发现评分差错×1：-0.5');
    expect(text).toContain('加分：+0.4');
    expect(text).toContain(squash(d.evidence.training[0]));
    expect(text).toContain('合计');
    expect(text).toContain('98.9');
    expect(text).toContain('1.00');
    expect(text).toContain('填表人');
    for (const f of pdfFonts(file)) expect(f).toMatchObject({ emb: 'yes' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
    expect(info).toMatch(/Pages:\s+1\n/); // the form and its signature lines on one landscape page
    const page = renderPage1(file);
    expect(darkPixels(page, 38, 100)).toBeGreaterThan(300);
  });

  it('gives a pending item 待定 with its range, never its maximum, and the total 暂定 with its range', async () => {
    const d = sampleProvisionalDossier();
    const text = squash(pdfText(save('self-assessment-provisional.pdf', await renderSelfAssessmentPdf(d))));
    expect(text).toContain('待定0–27');
    expect(text).toContain('待定5–10');
    expect(text).toContain('待定0–10');
    expect(text).toContain('暂定59–101');
    expect(text).toContain('暂定0.50–1.00');
  });
});

describe('月度运营报告 .docx', () => {
  it('has the headings, the figures, Noto Sans SC as the East Asian font, A4', async () => {
    const d = sampleDossier();
    const bytes = await renderOperationsReportDocx(d);
    save('operations-report.docx', bytes);
    const xml = docxXml(bytes, 'word/document.xml');
    for (const h of ['月度运营报告', ...HEADINGS]) expect(xml).toContain(h);
    expect(xml).toContain('受理来话 18240 次');
    expect(xml).toContain('92.50%');
    expect(xml).toContain('96.29%');
    expect(xml).toContain('0.006%');
    expect(xml).toContain('机动车业务');
    expect(xml).toContain(d.trafficByDay[9].day);
    expect(xml).toContain(d.problems.split('\n')[1]);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toContain('w:tblHeader');
    expect(xml).not.toContain('暂定');
    const styles = docxXml(bytes, 'word/styles.xml');
    expect(styles).toMatch(/w:eastAsia="Noto Sans SC"/);
    expect(styles).toMatch(/w:ascii="Noto Sans SC"/);
    const footer = Object.keys(unzipSync(new Uint8Array(bytes))).find((k) => /^word\/footer\d*\.xml$/.test(k));
    expect(footer).toBeDefined();
    expect(docxXml(bytes, footer ?? '')).toContain('NUMPAGES');
  });

  it('marks a provisional month 暂定 with the range', async () => {
    const xml = docxXml(await renderOperationsReportDocx(sampleProvisionalDossier()), 'word/document.xml');
    expect(xml).toContain('总分暂定 59–101');
    expect(xml).toContain('2025-03-14');
  });
});

describe('服务考核自评表 .xlsx', () => {
  it('has every item with its points, rule, deductions and evidence; total, coefficient, signature lines', async () => {
    const d = sampleDossier();
    const bytes = await renderSelfAssessmentXlsx(d);
    save('self-assessment.xlsx', bytes);
    const sheet = (await workbook(bytes)).getWorksheet(XLSX_SHEETS.selfAssessment);
    if (!sheet) throw new Error('sheet missing');
    expect(sheet.getCell('A1').value).toBe('服务考核自评表');
    for (const item of d.score.items) {
      const row = rowWith(sheet, 2, item.nameZh);
      expect(row.getCell(3).value).toBe(Number(item.max));
      expect(row.getCell(6).value).toBe(Number(item.points));
      expect(String(row.getCell(4).value)).toMatch(/扣|满分|分/);
      expect(String(row.getCell(7).value)).toBe(d.evidence[item.item].join('\n'));
    }
    expect(rowWith(sheet, 2, '挂机满意度').getCell(6).numFmt).toBe('0.0');
    expect(String(rowWith(sheet, 2, '话务质检').getCell(5).value)).toContain('复核发现评分差错 ×1：-0.5');
    expect(String(rowWith(sheet, 2, '热线接通率').getCell(5).value)).toContain('加分：+1');
    const total = rowWith(sheet, 2, '合计');
    expect(total.getCell(6).value).toBe(98.9);
    expect(total.getCell(6).numFmt).toBe('0.0');
    const coefficient = rowWith(sheet, 2, '结算系数');
    expect(coefficient.getCell(6).value).toBe(1);
    expect(coefficient.getCell(6).numFmt).toBe('0.00');
    expect(rowWith(sheet, 2, '填表人：').getCell(4).value).toMatch(/^日期/);
    expect(sheet.pageSetup.paperSize).toBe(9);
  });

  it('gives a pending item 待定 with its range, never its maximum; the total 暂定', async () => {
    const d = sampleProvisionalDossier();
    const sheet = (await workbook(await renderSelfAssessmentXlsx(d))).getWorksheet(XLSX_SHEETS.selfAssessment);
    if (!sheet) throw new Error('sheet missing');
    expect(String(sheet.getCell('A4').value)).toContain('暂定');
    for (const item of d.score.items.filter((i) => i.pending)) {
      const cell = rowWith(sheet, 2, item.nameZh).getCell(6).value;
      expect(cell).toBe(`待定 ${item.pointsMin}–${item.pointsMax}`);
      expect(cell).not.toBe(item.max);
      expect(cell).not.toBe(Number(item.max));
    }
    expect(rowWith(sheet, 2, '热线接通率').getCell(6).value).toBe(26);
    expect(rowWith(sheet, 2, '合计').getCell(6).value).toBe('暂定 59–101');
    expect(rowWith(sheet, 2, '结算系数').getCell(6).value).toBe('暂定 0.50–1.00');
  });
});

describe('人事基本情况 .xlsx', () => {
  it('has the headcount, joiners, leavers and the people with their training hours', async () => {
    const d = sampleDossier();
    const bytes = await renderStaffReportXlsx(d);
    save('staff.xlsx', bytes);
    const sheet = (await workbook(bytes)).getWorksheet(XLSX_SHEETS.staff);
    if (!sheet) throw new Error('sheet missing');
    expect(sheet.getCell('A1').value).toBe('人事基本情况');
    expect(rowWith(sheet, 1, '月末在岗人数').getCell(3).value).toBe(6);
    expect(rowWith(sheet, 1, '本月入职').getCell(3).value).toBe(1);
    expect(rowWith(sheet, 1, '本月离职').getCell(3).value).toBe(1);
    for (const p of d.staff.people) {
      const row = rowWith(sheet, 2, p.agentId ?? '—');
      expect(row.getCell(3).value).toBe(p.name);
      expect(row.getCell(4).value).toBe(p.roles.join('、'));
      expect(row.getCell(6).value).toBe(p.since);
      expect(row.getCell(7).value).toBe(Number(p.trainingHours));
    }
    expect(rowWith(sheet, 2, '刘佳').getCell(4).value).toBe('2025-03-10');
    expect(rowWith(sheet, 2, '张敏').getCell(4).value).toBe('2025-03-08');
  });
});

describe('formatting', () => {
  it('compares decimal strings exactly and prints pending figures as ranges', () => {
    expect(compareDecimal('92.50', '90')).toBe(1);
    expect(compareDecimal('89.99', '90')).toBe(-1);
    expect(compareDecimal('90.00', '90')).toBe(0);
    expect(compareDecimal('0.051', '0.05')).toBe(1);
    expect(compareDecimal('-0.5', '0')).toBe(-1);
    expect(compareDecimal('-0', '0')).toBe(0);
    const p = sampleProvisionalDossier();
    expect(itemPoints(p.score.items[3])).toBe('待定 0–27');
    expect(totalText(p.score)).toBe('暂定 59–101');
    expect(totalText(sampleDossier().score)).toBe('98.9');
  });
});
