/**
 * STR locus and allele nomenclature.
 *
 * Locus names follow the spellings used by STRBase / the NIST 1036 data set and the ISFG
 * recommendations (Bär et al. 1997, Int J Legal Med 110:175-176; Gill et al. 2001, FSI 124:1-2):
 * `vWA`, `TH01`, `Penta D`, `D22GATA198B05`, `D#S###`. Allele designations count repeat units;
 * a partial repeat is written after a decimal point ("9.3" = nine full repeats and three bases).
 * Pure functions, no I/O: the same module runs in API handlers, importers and search workers.
 */

/** Thrown for a locus name or allele designation that cannot be read. */
export class NomenclatureError extends Error {
  constructor(
    readonly code: 'UNKNOWN_LOCUS' | 'INVALID_ALLELE',
    message: string,
    readonly locus: string,
    readonly value?: string,
  ) {
    super(message);
  }
  override get name(): string {
    return 'NomenclatureError';
  }
}

export type LocusKind = 'autosomal' | 'sex' | 'Y';

/** Amelogenin, the sex-typing marker carried by almost every forensic kit. */
export const AMELOGENIN = 'AMEL';

/**
 * Every autosomal STR locus with a published frequency table in the project data (NIST 1036,
 * FBI 2015, UK DNA-17, STRidER, pop.STR, norSTR, CNAS) plus the loci of the kits in the kit registry.
 */
const AUTOSOMAL_LOCI: readonly string[] = [
  'APOAI1', 'CSF1PO', 'D10S1248', 'D10S1435', 'D10S2325', 'D11S1304', 'D11S2368', 'D11S4463',
  'D11S554', 'D12ATA63', 'D12S297', 'D12S391', 'D13S317', 'D13S325', 'D14S1426', 'D14S1434',
  'D14S608', 'D15S659', 'D15S822', 'D16S539', 'D17S1290', 'D17S1301', 'D17S906', 'D17S974',
  'D18S1364', 'D18S51', 'D18S535', 'D19S253', 'D19S433', 'D1S1627', 'D1S1656', 'D1S1677',
  'D1S1679', 'D20S482', 'D21S102', 'D21S11', 'D21S2055', 'D22GATA198B05', 'D22S1045', 'D2S1338',
  'D2S1360', 'D2S1776', 'D2S427', 'D2S441', 'D3S1358', 'D3S1744', 'D3S2406', 'D3S3045', 'D3S3053',
  'D3S4529', 'D3S4545', 'D4S2364', 'D4S2366', 'D4S2408', 'D5S1457', 'D5S2500', 'D5S2800', 'D5S818',
  'D6S1017', 'D6S1027', 'D6S1043', 'D6S474', 'D6S477', 'D7S1517', 'D7S2201', 'D7S3048', 'D7S820',
  'D8S1132', 'D8S1179', 'D9S1118', 'D9S1120', 'D9S1122', 'D9S2157', 'F13A01', 'F13B', 'FESFPS',
  'FGA', 'LPL', 'Penta B', 'Penta C', 'Penta D', 'Penta E', 'SE33', 'TH01', 'TPOX', 'vWA',
];

/** Y-chromosome markers that autosomal kits carry (GlobalFiler: DYS391, Y indel); never used in LRs. */
const Y_LOCI: readonly string[] = ['DYS391', 'DYS570', 'DYS576', 'Yindel'];

/**
 * Alternative spellings seen in kit panels, CODIS CMF files (THO1, TP0X) and lab exports
 * (CSF1P0 with a zero, FIBRA for FGA, ACTBP2 for SE33, FES/FPS).
 */
const ALIASES: Readonly<Record<string, string>> = {
  THO1: 'TH01',
  TP0X: 'TPOX',
  CSF1P0: 'CSF1PO',
  FIBRA: 'FGA',
  FGA: 'FGA',
  ACTBP2: 'SE33',
  FES: 'FESFPS',
  FESFPS: 'FESFPS',
  F13A1: 'F13A01',
  VWA: 'vWA',
  VWA31: 'vWA',
  AMEL: AMELOGENIN,
  AMELOGENIN: AMELOGENIN,
  AM: AMELOGENIN,
  YINDEL: 'Yindel',
  YINDELS: 'Yindel',
};

/** Case-, space-, underscore-, hyphen-, slash- and dot-insensitive key used for lookups. */
function lookupKey(name: string): string {
  return name.toUpperCase().replace(/[\s_\-/.]+/g, '');
}

const LOCUS_BY_KEY: ReadonlyMap<string, { name: string; kind: LocusKind }> = (() => {
  const map = new Map<string, { name: string; kind: LocusKind }>();
  for (const name of AUTOSOMAL_LOCI) map.set(lookupKey(name), { name, kind: 'autosomal' });
  for (const name of Y_LOCI) map.set(lookupKey(name), { name, kind: 'Y' });
  map.set(lookupKey(AMELOGENIN), { name: AMELOGENIN, kind: 'sex' });
  for (const [alias, name] of Object.entries(ALIASES)) {
    const target = map.get(lookupKey(name));
    if (!target) throw new Error(`alias ${alias} points to unknown locus ${name}`);
    map.set(lookupKey(alias), target);
  }
  return map;
})();

/** Every canonical locus name, autosomal first. */
export const KNOWN_LOCI: readonly string[] = [...AUTOSOMAL_LOCI, AMELOGENIN, ...Y_LOCI];

/** Canonical name and kind of a locus, or `undefined` when the name is not recognised. */
export function findLocus(name: string): { name: string; kind: LocusKind } | undefined {
  return LOCUS_BY_KEY.get(lookupKey(name));
}

/**
 * Canonical spelling of a locus name (`"THO1"` → `"TH01"`, `"PENTA_D"` → `"Penta D"`).
 * @throws NomenclatureError `UNKNOWN_LOCUS` naming the input.
 */
export function canonicalLocus(name: string): string {
  const found = findLocus(name);
  if (!found) throw new NomenclatureError('UNKNOWN_LOCUS', `unknown locus "${name}"`, name);
  return found.name;
}

/** True for loci that enter kinship calculations (autosomal STRs). */
export function isAutosomalLocus(name: string): boolean {
  return findLocus(name)?.kind === 'autosomal';
}

export type AlleleKind = 'repeat' | 'fragment' | 'belowLadder' | 'aboveLadder' | 'offLadder' | 'sex' | 'yIndel';

/** A parsed allele: the canonical designation and, for repeat alleles, its numeric repeat value. */
export interface Allele {
  /** Canonical designation: "15", "9.3", "<8", ">20", "OL", "326" (a fragment length), "X", "Y". */
  readonly designation: string;
  readonly kind: AlleleKind;
  /**
   * Repeat count (9.3 for "9.3"); for "<8" / ">20" the ladder bound; null for "OL", X, Y and for a
   * fragment length, which counts base pairs, not repeats.
   */
  readonly value: number | null;
}

/** Largest plausible repeat number; SE33 and Penta loci stay well below (max ~50). */
const MAX_REPEATS = 99;

/**
 * Loci whose published frequency tables name alleles by PCR fragment length in base pairs rather
 * than by repeat number: D17S906, APOAI1 and D11S554 in the Norwegian table of forrel's
 * NorwegianFrequencies and of Familias' NorskDB (Dupuy et al. 2013, FSI: Genetics Suppl. Ser. 4;
 * alleles such as "326", "252", "176"). At these loci a whole number of 100 or more is such a
 * length; elsewhere it is malformed (no forensic STR has 100 repeats, so it is a typing error).
 */
const FRAGMENT_LENGTH_LOCI: ReadonlySet<string> = new Set(['APOAI1', 'D11S554', 'D17S906']);
const FRAGMENT = /^[1-9]\d{2,3}$/;

const REPEAT = /^(\d{1,2})(?:\.(\d))?$/;
const BOUNDED = /^([<>])\s*(\d{1,2}(?:\.\d)?)$/;

/**
 * Reads one allele designation at a locus. Accepts strings or JSON numbers ("9.3", 9.3, "8.0" → "8").
 * Off-ladder calls stay distinct: "<8" (below the ladder), ">20" (above), "OL" (unspecified).
 * At the loci whose tables name alleles by fragment length ({@link FRAGMENT_LENGTH_LOCI}), a whole
 * number of base pairs from 100 ("326") is such a name. Amelogenin takes X or Y; the Y indel takes 1 or 2.
 * Whether a table lists the allele is not asked here: a well-formed name the table lacks gets the
 * minimum allele frequency (frequency-table.ts resolveLocusFrequencies).
 * @throws NomenclatureError `INVALID_ALLELE` naming the locus and the value.
 */
export function parseAllele(locus: string, raw: string | number): Allele {
  const canonical = canonicalLocus(locus);
  const text = typeof raw === 'number' ? numberToDesignation(raw) : String(raw).trim();
  const kind = findLocus(canonical)!.kind;
  const lengthsToo = FRAGMENT_LENGTH_LOCI.has(canonical) ? '; at this locus also a fragment length in base pairs such as 326' : '';
  const fail = (why: string): never => {
    throw new NomenclatureError('INVALID_ALLELE', `invalid allele "${String(raw)}" at ${canonical}: ${why}${lengthsToo}`, canonical, String(raw));
  };
  if (kind === 'sex') {
    const upper = text.toUpperCase();
    if (upper === 'X' || upper === 'Y') return { designation: upper, kind: 'sex', value: null };
    return fail('Amelogenin alleles are X or Y');
  }
  if (canonical === 'Yindel') {
    if (text === '1' || text === '2') return { designation: text, kind: 'yIndel', value: Number(text) };
    return fail('the Y indel is typed 1 or 2');
  }
  if (/^OL$/i.test(text)) return { designation: 'OL', kind: 'offLadder', value: null };
  if (lengthsToo !== '' && FRAGMENT.test(text)) return { designation: text, kind: 'fragment', value: null };
  const bounded = BOUNDED.exec(text);
  if (bounded) {
    const bound = repeatValue(bounded[2]!, fail);
    return {
      designation: `${bounded[1]}${formatRepeat(bound)}`,
      kind: bounded[1] === '<' ? 'belowLadder' : 'aboveLadder',
      value: bound,
    };
  }
  const value = repeatValue(text, fail);
  return { designation: formatRepeat(value), kind: 'repeat', value };
}

/** Canonical designation only; see {@link parseAllele}. */
export function canonicalAllele(locus: string, raw: string | number): string {
  return parseAllele(locus, raw).designation;
}

function repeatValue(text: string, fail: (why: string) => never): number {
  const m = REPEAT.exec(text);
  if (!m && FRAGMENT.test(text)) return fail(`a fragment length in base pairs names alleles only at ${[...FRAGMENT_LENGTH_LOCI].join(', ')}; elsewhere alleles are repeat numbers (at most ${MAX_REPEATS})`);
  if (!m) return fail('expected a repeat number such as 15 or 9.3, or <n, >n, OL');
  const whole = Number(m[1]);
  const partial = m[2] === undefined ? 0 : Number(m[2]);
  const value = whole + partial / 10;
  if (value <= 0 || value > MAX_REPEATS) return fail(`repeat number out of range (0, ${MAX_REPEATS}]`);
  return value;
}

function formatRepeat(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function numberToDesignation(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  // JSON numbers such as 9.3 arrive as binary doubles; one decimal is the designation's precision.
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 10) / 10);
}

/**
 * Numeric repeat value of a designation without locus context ("9.3" → 9.3), as used by the
 * stepwise mutation model (kinship-cases README §3); null for designations that are not repeats.
 */
export function alleleRepeatValue(designation: string): number | null {
  const m = REPEAT.exec(designation) ?? BOUNDED.exec(designation);
  if (!m) return null;
  const v = Number(m.length === 3 && (m[1] === '<' || m[1] === '>') ? m[2] : designation);
  return Number.isFinite(v) ? v : null;
}

/**
 * Sort key of a canonical allele designation. SWGDAM order as quoted by the CODIS CMF 3.2
 * Interface Specification §3.1.2 ("<9, 9, 9.1, 9.2, 9.3, 10, >10"): by repeat number, a
 * below-ladder call just before its bound, an above-ladder call just after its bound and its
 * microvariants, X before Y, fragment lengths after every repeat number in increasing length
 * (a locus names its alleles one way or the other), an unspecified off-ladder call ("OL") last.
 */
function alleleSortKey(designation: string): number {
  if (designation === 'X') return -2;
  if (designation === 'Y') return -1;
  if (FRAGMENT.test(designation)) return MAX_REPEATS + 1 + Number(designation);
  const value = alleleRepeatValue(designation);
  if (value === null) return Number.POSITIVE_INFINITY;
  if (designation.startsWith('<')) return value - 0.05;
  if (designation.startsWith('>')) return value + 0.95;
  return value;
}

/**
 * The one order of allele designations, used to store genotypes, to import and to export them
 * (see {@link alleleSortKey}); ties broken by text, so the order is total.
 */
export function compareAlleles(a: string, b: string): number {
  const d = alleleSortKey(a) - alleleSortKey(b);
  if (d !== 0 && !Number.isNaN(d)) return d;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of the designations in {@link compareAlleles} order. */
export function sortAlleles(designations: readonly string[]): string[] {
  return [...designations].sort(compareAlleles);
}
