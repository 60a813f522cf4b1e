import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { MatchReportData } from './gather-match-report';
import { layoutPedigree, type PedigreeDrawing } from './pedigree-layout';
import { bilingual, REPORT_LABELS } from './report-labels';

/** The bundled CJK font (assets/fonts/SOURCES.md): Latin, Greek and GB 2312 hanzi in one face, embedded as a subset. */
export const REPORT_FONT = path.resolve(__dirname, '..', '..', '..', 'assets', 'fonts', 'NotoSansCJKsc-Regular-GB2312.otf');

const MARGIN = 50;
const INK = '#1b2430';
const MUTED = '#4a5563';
const ACCENT = '#1f4e8c';
const BAND = '#eef1f5';
const STATUS_COLOUR: Readonly<Record<string, string>> = { consistent: '#1d6b3a', mutation: '#8a5a00', excluded: '#a4262c' };

type Doc = InstanceType<typeof PDFDocument>;

interface Column {
  readonly header: string;
  readonly width: number;
  readonly align?: 'left' | 'right';
}

/** "7.66 × 10^22" from log10: LRs of full profiles overflow a double, their log10 does not. */
export function formatLrForReport(lr: number | null, log10Lr: number): string {
  if (lr !== null && Math.abs(log10Lr) < 6) return lr >= 100 ? Math.round(lr).toLocaleString('en') : lr.toPrecision(3);
  const exponent = Math.floor(log10Lr);
  return `${(10 ** (log10Lr - exponent)).toFixed(2)} × 10^${exponent}`;
}

/** A probability: four decimals, or "7.51 × 10^-25" below 0.0001. */
export function formatProbabilityForReport(p: number): string {
  return p !== 0 && p < 1e-4 ? formatLrForReport(null, Math.log10(p)) : p.toFixed(4);
}

/** An expected count: three significant digits, or a power of ten below 0.001. */
function expectedCount(n: number | null): string | null {
  if (n === null) return null;
  return n !== 0 && n < 1e-3 ? formatLrForReport(null, Math.log10(n)) : n.toPrecision(3);
}

const probability = (p: number | undefined) => (p === undefined ? null : formatProbabilityForReport(p));

const log10Text = (v: number | null) => (v === null ? '−∞' : v.toFixed(2));

/**
 * The printable report of one match (PDF, A4): case, alert and trafficking case numbers and
 * dates, the pedigree drawn in vectors, the per-locus table with the alleles, LR, database
 * posteriors (over families and over found persons), exceedance, alternatives and evidence when
 * the match carries them, the method
 * (mutation model, θ, frequency table, policy and software versions), the review decisions with
 * who and when, and "Page n of m" on every page. All text is real text in the embedded font.
 */
export function renderMatchReport(data: MatchReportData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', margin: MARGIN, bufferPages: true, font: REPORT_FONT,
    info: {
      Title: `${REPORT_LABELS.title[0]} ${data.match.id}`, Subject: `Case ${data.case.alertId ?? data.case.id}`,
      Creator: `Reunion ${data.softwareVersion}`, Producer: 'pdfkit', CreationDate: new Date(data.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const { match, case: c, foundPerson: fp } = data;
  doc.fillColor(ACCENT).fontSize(18).text(bilingual('title'));
  doc.fillColor(MUTED).fontSize(9)
    .text(`${bilingual('match')}: ${match.id}   ${bilingual('generated')}: ${data.generatedAt} ${bilingual('by')} ${data.generatedBy.keyId} (${data.generatedBy.org})`);
  doc.moveDown(0.5);

  heading(doc, bilingual('caseSection'));
  facts(doc, [
    [bilingual('caseId'), c.id],
    [bilingual('alertId'), c.alertId ?? '—'],
    [bilingual('traffickingCaseNo'), c.traffickingCaseNo ?? '—'],
    [bilingual('caseStatus'), c.status],
    [bilingual('childSex'), c.child.sex],
    [bilingual('birthDate'), c.child.birthDate ?? '—'],
    [bilingual('missingSince'), c.child.missingSince],
    [bilingual('missingPlace'), c.child.place],
    [bilingual('caseOpened'), c.createdAt],
    [bilingual('foundPerson'), fp.id],
    [bilingual('foundAt'), fp.foundAt],
    [bilingual('foundPlace'), fp.place],
    [bilingual('birthYear'), fp.estimatedBirthYear === null ? '—' : String(fp.estimatedBirthYear)],
  ]);

  heading(doc, bilingual('resultSection'));
  const notComputed = bilingual('notComputed');
  facts(doc, [
    [bilingual('matchStatus'), match.status],
    [bilingual('lr'), formatLrForReport(match.LR, match.log10LR)],
    [bilingual('log10lr'), match.log10LR.toFixed(2)],
    [bilingual('posterior'), probability(match.databasePosterior) ?? notComputed],
    [bilingual('posteriorOverFoundPersons'), probability(match.databasePosteriorOverFoundPersons) ?? notComputed],
    [bilingual('exceedance'), probability(match.exceedance) ?? notComputed],
    [bilingual('expectedAdventitious'), probability(match.expectedAdventitious) ?? '—'],
    [bilingual('databaseSize'), String(match.databaseSize)],
    [bilingual('expectedFalseFamily'), expectedCount(data.expectedFalseCandidates.family) ?? notComputed],
    [bilingual('expectedFalseFoundPerson'), expectedCount(data.expectedFalseCandidates.foundPerson) ?? notComputed],
    [bilingual('lociCompared'), String(match.lociCompared)],
    [bilingual('inconsistentLoci'), String(match.inconsistentLoci)],
    [bilingual('mostLikely'), match.mostLikelyRelationship ?? notComputed],
    [bilingual('flags'), match.flags === undefined ? notComputed : match.flags.join(', ') || bilingual('none')],
    ...(match.exclusionReason ? [[bilingual('excluded'), match.exclusionReason] as const] : []),
    [bilingual('scoredAt'), match.scoredAt],
  ]);

  const relationships = Object.fromEntries(data.pedigree.relatives.map((r) => [r.individualId, r.relationship]));
  const drawing = layoutPedigree({ individuals: data.pedigree.individuals, missing: data.pedigree.missing, typed: data.pedigree.typed }, relationships);
  heading(doc, bilingual('pedigreeSection'), pedigreeHeight(drawing));
  drawPedigree(doc, drawing);

  heading(doc, bilingual('lociSection'));
  const relatives = Object.keys(data.pedigree.typed);
  const relationshipOf = new Map(data.pedigree.relatives.map((r) => [r.individualId, r.relationship]));
  const relativeWidth = Math.max(60, Math.floor((contentWidth(doc) - 70 - 75 - 80 - 55) / Math.max(1, relatives.length)));
  table(doc, [
    { header: REPORT_LABELS.locus[0], width: 70 },
    { header: REPORT_LABELS.foundPerson[0], width: 75 },
    ...relatives.map((id) => ({ header: relationshipOf.has(id) ? `${relationshipOf.get(id)} (${id})` : id, width: relativeWidth })),
    { header: REPORT_LABELS.status[0], width: 80 },
    { header: REPORT_LABELS.log10lr[0], width: 55, align: 'right' as const },
  ], match.loci.map((l) => [
    l.locus,
    (l.alleles?.foundPerson ?? []).join(', ') || '—',
    ...relatives.map((id) => (l.alleles?.relatives[id] ?? []).join(', ') || '—'),
    !l.compared ? 'not compared' : l.mutationSteps === undefined ? l.status : `${l.status}, ${l.mutationSteps} step(s)`,
    log10Text(l.log10LR),
  ]), (row) => STATUS_COLOUR[row[row.length - 2]!.split(',')[0]!]);

  if (match.alternatives !== undefined) {
    heading(doc, bilingual('alternativesSection'));
    alternativesTable(doc, match);
  }
  if (match.evidence !== undefined) {
    heading(doc, bilingual('evidenceSection'));
    table(doc, [{ header: REPORT_LABELS.kind[0], width: 70 }, { header: REPORT_LABELS.conflict[0], width: 60 }, { header: REPORT_LABELS.reason[0], width: 365 }],
      match.evidence.map((e) => [e.kind, e.conflict ? 'yes' : 'no', e.reason]));
  }

  heading(doc, bilingual('methodSection'));
  const m = data.policy.mutation;
  const rates = m.femaleRate === undefined ? '' : ` (female ${m.femaleRate}, male ${m.maleRate}${m.range === undefined ? '' : `, range ${m.range}`})`;
  const policyNote = data.policy.version === match.policyVersion ? '' : ` (match scored under version ${match.policyVersion})`;
  facts(doc, [
    [bilingual('mutationModel'), `${m.model}${rates}`],
    [bilingual('theta'), String(data.policy.theta)],
    [bilingual('frequencyTable'), data.frequencyTable ? `${data.frequencyTable.name} (${data.frequencyTable.id})` : data.policy.frequencyTable],
    [bilingual('policyVersion'), `${data.policy.version}${policyNote}`],
    [bilingual('thresholdLr'), String(data.policy.thresholdLr)],
    [bilingual('maxInconsistent'), String(data.policy.maxInconsistentLoci)],
    [bilingual('software'), `Reunion ${data.softwareVersion}`],
  ]);

  heading(doc, bilingual('reviewsSection'));
  if (data.reviews.reviews.length === 0) doc.fillColor(INK).fontSize(10).text(bilingual('noReviews'), MARGIN);
  else {
    table(doc, [
      { header: REPORT_LABELS.when[0], width: 115 }, { header: REPORT_LABELS.who[0], width: 120 }, { header: REPORT_LABELS.decision[0], width: 55 },
      { header: REPORT_LABELS.outcome[0], width: 80 }, { header: REPORT_LABELS.note[0], width: 125 },
    ], data.reviews.reviews.map((r) => [r.at, `${r.actor} (${r.org})`, r.decision, r.outcome, r.note ?? '—']));
  }

  numberPages(doc, match.id);
  doc.end();
  return done;
}

/**
 * The claim and each competing relationship, highest LR first, the most likely and the
 * indistinguishable ones marked, with how many times the claim's LR exceeds each; then what
 * "indistinguishable" means for the reader.
 */
function alternativesTable(doc: Doc, match: MatchReportData['match']): void {
  const alternatives = match.alternatives ?? [];
  const indistinguishable = new Set(match.indistinguishableRelationships ?? []);
  const claim = alternatives.find((a) => a.relationship === 'missingChild')?.log10LR ?? null;
  const rank = (v: number | null) => (v === null ? -Infinity : v);
  const [mostLikely, same] = [REPORT_LABELS.mostLikelyMark, REPORT_LABELS.indistinguishableMark];
  const label = (r: string) => [r, ...(r === match.mostLikelyRelationship ? [`(${mostLikely.join(' ')})`] : []),
    ...(indistinguishable.has(r) ? [`(${same.join(' ')})`] : [])].join(' ');
  const ratio = (r: string, v: number | null) => (r === 'missingChild' || claim === null ? '—' : v === null ? '∞' : formatLrForReport(10 ** (claim - v), claim - v));
  table(doc, [
    { header: REPORT_LABELS.relationship[0], width: 215 }, { header: REPORT_LABELS.log10lr[0], width: 70, align: 'right' },
    { header: REPORT_LABELS.lr[0], width: 100, align: 'right' }, { header: REPORT_LABELS.claimRatio[0], width: 110, align: 'right' },
  ], [...alternatives].sort((a, b) => rank(b.log10LR) - rank(a.log10LR)).map((a) => [
    label(a.relationship), log10Text(a.log10LR), a.log10LR === null ? '0' : formatLrForReport(10 ** a.log10LR, a.log10LR), ratio(a.relationship, a.log10LR),
  ]));
  if (indistinguishable.size > 0) {
    doc.moveDown(0.3);
    doc.fillColor(MUTED).fontSize(8.5).text(`${[...indistinguishable].join(', ')} — ${REPORT_LABELS.indistinguishableNote.join(' ')}`, MARGIN, doc.y, { width: contentWidth(doc) });
  }
}

function contentWidth(doc: Doc): number {
  return doc.page.width - MARGIN * 2;
}

/** Starts a new page when fewer than `needed` points remain above the bottom margin. */
function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > doc.page.height - MARGIN) doc.addPage();
}

/** A section heading, kept on one page with at least `keepWith` points of what follows. */
function heading(doc: Doc, text: string, keepWith = 60): void {
  ensureSpace(doc, keepWith + 30);
  doc.moveDown(0.6);
  doc.fillColor(ACCENT).fontSize(13).text(text, MARGIN);
  const y = doc.y + 1;
  doc.moveTo(MARGIN, y).lineTo(doc.page.width - MARGIN, y).lineWidth(0.7).strokeColor('#c9d1db').stroke();
  doc.y = y + 5;
}

/** Label–value pairs, two columns. */
function facts(doc: Doc, rows: ReadonlyArray<readonly [string, string]>): void {
  const labelWidth = 220;
  const valueWidth = contentWidth(doc) - labelWidth - 10;
  for (const [label, value] of rows) {
    doc.fontSize(8.5);
    const labelHeight = doc.heightOfString(label, { width: labelWidth });
    doc.fontSize(10);
    const height = Math.max(labelHeight, doc.heightOfString(value, { width: valueWidth })) + 3;
    ensureSpace(doc, height);
    const y = doc.y;
    doc.fillColor(MUTED).fontSize(8.5).text(label, MARGIN, y + 1, { width: labelWidth });
    doc.fillColor(INK).fontSize(10).text(value, MARGIN + labelWidth + 10, y, { width: valueWidth });
    doc.y = y + height;
  }
}

/** A table with a shaded header row, repeated on every page it runs over; `colourOf` may colour a row's status cell. */
function table(doc: Doc, columns: readonly Column[], rows: ReadonlyArray<readonly string[]>, colourOf?: (row: readonly string[]) => string | undefined): void {
  const fontSize = 8.5;
  const pad = 3;
  const drawHeader = () => {
    doc.fontSize(fontSize);
    const height = Math.max(...columns.map((c) => doc.heightOfString(c.header, { width: c.width - pad * 2 }))) + pad * 2;
    ensureSpace(doc, height + 14);
    const y = doc.y;
    doc.rect(MARGIN, y, columns.reduce((s, c) => s + c.width, 0), height).fill(BAND);
    let x = MARGIN;
    for (const c of columns) {
      doc.fillColor(INK).text(c.header, x + pad, y + pad, { width: c.width - pad * 2, align: c.align ?? 'left' });
      x += c.width;
    }
    doc.y = y + height;
  };
  drawHeader();
  for (const row of rows) {
    doc.fontSize(fontSize);
    const height = Math.max(...columns.map((c, i) => doc.heightOfString(row[i] ?? '', { width: c.width - pad * 2 }))) + pad * 2;
    if (doc.y + height > doc.page.height - MARGIN) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    let x = MARGIN;
    const colour = colourOf?.(row);
    columns.forEach((c, i) => {
      const isStatus = colour !== undefined && i === columns.length - 2;
      doc.fillColor(isStatus ? colour : INK).text(row[i] ?? '', x + pad, y + pad, { width: c.width - pad * 2, align: c.align ?? 'left' });
      x += c.width;
    });
    doc.moveTo(MARGIN, y + height).lineTo(x, y + height).lineWidth(0.3).strokeColor('#c9d1db').stroke();
    doc.y = y + height;
  }
  doc.x = MARGIN;
}

const PEDIGREE_ROW = 78;
const PEDIGREE_SYMBOL = 22;

/** Points the drawing and its legend take. */
function pedigreeHeight(drawing: PedigreeDrawing): number {
  return (drawing.height - 1) * PEDIGREE_ROW + PEDIGREE_SYMBOL + 60;
}

/** The family in vectors, from the one pedigree layout the workbench also draws (squares, circles, shading, arrow). */
function drawPedigree(doc: Doc, drawing: PedigreeDrawing): void {
  const column = Math.min(90, (contentWidth(doc) - 60) / Math.max(1, drawing.width - 1));
  const row = PEDIGREE_ROW;
  const size = PEDIGREE_SYMBOL;
  ensureSpace(doc, pedigreeHeight(drawing));
  const top = doc.y + size / 2 + 4;
  const px = (x: number) => MARGIN + 40 + x * column;
  const py = (y: number) => top + y * row;
  doc.lineWidth(1.2).strokeColor(INK);
  for (const l of drawing.lines) doc.moveTo(px(l.x1), py(l.y1)).lineTo(px(l.x2), py(l.y2)).stroke();
  for (const member of drawing.members) {
    const cx = px(member.x);
    const cy = py(member.y);
    const fill = member.missing ? '#fff3c4' : member.typed ? '#35506b' : '#ffffff';
    if (member.sex === 'male') doc.rect(cx - size / 2, cy - size / 2, size, size);
    else doc.circle(cx, cy, size / 2);
    doc.lineWidth(member.missing ? 2 : 1.2).fillAndStroke(fill, INK);
    if (member.missing) {
      doc.fillColor(INK).fontSize(12).text('?', cx - 4, cy - 8, { width: 8, align: 'center', lineBreak: false });
      const ax = cx - size / 2 - 2;
      const ay = cy + size / 2 + 2;
      doc.lineWidth(1.5).strokeColor('#a4262c').moveTo(ax - 14, ay + 12).lineTo(ax, ay).stroke();
      doc.moveTo(ax, ay).lineTo(ax - 6, ay + 1).stroke().moveTo(ax, ay).lineTo(ax - 1, ay + 6).stroke();
      doc.strokeColor(INK);
    }
    doc.fillColor(INK).fontSize(7.5).text(member.id, cx - 40, cy + size / 2 + 3, { width: 80, align: 'center', lineBreak: false });
    if (member.relationship) doc.fillColor(MUTED).fontSize(7).text(member.relationship, cx - 45, cy + size / 2 + 13, { width: 90, align: 'center', lineBreak: false });
  }
  doc.y = top + (drawing.height - 1) * row + size / 2 + 28;
  doc.x = MARGIN;
  doc.fillColor(MUTED).fontSize(8).text(bilingual('pedigreeLegend'), MARGIN);
}

/** "Page n of m" (and in Chinese) in every page's foot, written once the page count is known. */
function numberPages(doc: Doc, matchId: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const [pageEn, pageZh] = REPORT_LABELS.page;
    const [ofEn, ofZh] = REPORT_LABELS.of;
    const text = `${pageEn} ${i + 1} ${ofEn} ${range.count}  ${pageZh} ${i + 1} ${ofZh} ${range.count} ${REPORT_LABELS.pages[1]}   ${matchId}`;
    doc.fillColor(MUTED).fontSize(8).text(text, MARGIN, doc.page.height - MARGIN + 15, { width: contentWidth(doc), align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
