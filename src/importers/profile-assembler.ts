import { AMELOGENIN, findLocus, KNOWN_LOCI, NomenclatureError, parseAllele, sortAlleles } from '../kinship';
import type {
  Amelogenin, ImportedProfile, ImportIssue, ProfileKind, ProfileSource, RelationshipHint, Sex,
} from './types';

/** Where a call was read: a line (text formats) or an element path (XML). */
export interface IssueWhere {
  line?: number;
  element?: string;
}

/** Descriptive fields a format may supply next to the genotypes. */
export interface ProfileMeta {
  kind?: ProfileKind;
  relationship?: RelationshipHint;
  kit?: string;
  population?: string;
  sex?: Sex;
  specimenCategory?: string;
}

const LOCUS_ORDER: ReadonlyMap<string, number> = new Map(KNOWN_LOCI.map((name, i) => [name, i]));

/** GeneMapper writes `?` for a peak outside every bin (FORMATS.md §1a); human kits write `OL`. */
const UNASSIGNED_PEAK = '?';

/**
 * parseAllele results by locus and raw text. Uploads repeat the same few hundred designations
 * thousands of times; the nomenclature is pure, so its answers can be kept. Bounded so a hostile
 * file of unique junk values cannot grow it without limit.
 */
const designationCache = new Map<string, string | NomenclatureError>();
const DESIGNATION_CACHE_LIMIT = 20_000;

function designationOf(locus: string, raw: string): string {
  const key = `${locus}\u0000${raw}`;
  let cached = designationCache.get(key);
  if (cached === undefined) {
    try {
      cached = parseAllele(locus, raw).designation;
    } catch (e) {
      if (!(e instanceof NomenclatureError)) throw e;
      cached = e;
    }
    if (designationCache.size >= DESIGNATION_CACHE_LIMIT) designationCache.clear();
    designationCache.set(key, cached);
  }
  if (cached instanceof NomenclatureError) throw cached;
  return cached;
}

interface Call {
  alleles: string[];
  where: IssueWhere;
}

/**
 * Collects the locus calls of one sample, from any format, and turns them into an
 * {@link ImportedProfile} or into issues. The rules are the same for every format:
 * - every locus and allele goes through the kinship nomenclature (unknown locus or allele: the
 *   call is dropped with an error issue);
 * - a homozygote may arrive as one allele or as the same allele twice;
 * - more than two alleles at an autosomal locus is a mixture: the whole sample is refused,
 *   because kinship likelihoods assume one contributor (Gill et al. 2006, FSI 160:90, on mixtures);
 * - a Y marker holds one allele; two different ones (duplication or mixture) drop the marker;
 * - Amelogenin X/X gives female, X/Y male;
 * - the same locus twice with the same call is harmless, with different calls both are dropped;
 * - off-ladder calls are kept as "OL" (or "<n", ">n") with a warning.
 */
export class ProfileAssembler {
  readonly issues: ImportIssue[] = [];
  private readonly calls = new Map<string, Call>();
  private readonly conflicted = new Set<string>();
  private readonly mixtureLoci: string[] = [];

  constructor(
    readonly sampleId: string,
    private readonly source: ProfileSource,
  ) {}

  /** Adds the raw allele cells read for `locusName` (empty cells allowed; they are skipped). */
  addCall(locusName: string, rawAlleles: readonly string[], where: IssueWhere): void {
    const locus = findLocus(locusName);
    if (!locus) {
      this.issue('error', 'UNKNOWN_LOCUS', `unknown locus "${locusName}"; its alleles were not imported`, where, { locus: locusName });
      return;
    }
    const raw = rawAlleles.map((a) => a.trim()).filter((a) => a !== '').map((a) => (a === UNASSIGNED_PEAK ? 'OL' : a));
    if (raw.length === 0) {
      this.issue('warning', 'NO_CALL', `no allele called at ${locus.name}; the locus is untyped`, where, { locus: locus.name });
      return;
    }
    const designations: string[] = [];
    for (const value of raw) {
      try {
        designations.push(designationOf(locus.name, value));
      } catch (e) {
        if (!(e instanceof NomenclatureError)) throw e;
        this.issue('error', 'INVALID_ALLELE', `${e.message}; the locus was not imported`, where, { locus: locus.name, allele: value });
        return;
      }
    }
    const distinct = sortAlleles([...new Set(designations)]);
    if (locus.kind === 'sex') {
      this.addAmelogenin(distinct, where);
      return;
    }
    if (locus.kind === 'Y' && distinct.length > 1) {
      this.issue('error', 'Y_LOCUS_TWO_ALLELES', `${distinct.length} different alleles at the Y marker ${locus.name} (duplication or mixture); the marker was not imported`, where, { locus: locus.name });
      return;
    }
    if (locus.kind === 'autosomal' && distinct.length > 2) {
      this.mixtureLoci.push(locus.name);
      this.issue('error', 'MIXTURE', `${distinct.length} alleles at ${locus.name}: more than two alleles means a mixture`, where, { locus: locus.name });
      return;
    }
    if (distinct.some((d) => d === 'OL' || d.startsWith('<') || d.startsWith('>'))) {
      this.issue('warning', 'OFF_LADDER', `off-ladder allele at ${locus.name} kept as ${distinct.join('/')}; it cannot be used in a likelihood until it is designated`, where, { locus: locus.name });
    }
    const alleles = locus.kind === 'Y' ? distinct : distinct.length === 1 ? [distinct[0]!, distinct[0]!] : distinct;
    this.record(locus.name, { alleles, where });
  }

  /**
   * The profile, or undefined (with an error issue) when the sample is a mixture or has no
   * usable locus. `meta.sex` is checked against Amelogenin, which wins when both are present.
   */
  finish(meta: ProfileMeta = {}): ImportedProfile | undefined {
    const where = { line: this.source.line, element: this.source.element };
    if (this.mixtureLoci.length > 0) {
      this.issue('error', 'MIXTURE', `more than two alleles at ${this.mixtureLoci.join(', ')}: a mixture, not a single-source profile; the sample was not imported`, where);
      return undefined;
    }
    const amelogenin = this.calls.get(AMELOGENIN);
    this.calls.delete(AMELOGENIN);
    if (this.calls.size === 0) {
      this.issue('error', 'NO_LOCI', 'no usable STR locus; the sample was not imported', where);
      return undefined;
    }
    const genotypes: Record<string, string[]> = {};
    const loci = [...this.calls.keys()].sort((a, b) => LOCUS_ORDER.get(a)! - LOCUS_ORDER.get(b)!);
    for (const locus of loci) genotypes[locus] = this.calls.get(locus)!.alleles;

    const profile: ImportedProfile = { sampleId: this.sampleId, genotypes, source: this.source };
    const { sex } = meta;
    if (meta.kind) profile.kind = meta.kind;
    if (meta.relationship) profile.relationship = meta.relationship;
    if (meta.kit) profile.kit = meta.kit;
    if (meta.population) profile.population = meta.population;
    if (meta.specimenCategory) profile.specimenCategory = meta.specimenCategory;
    if (amelogenin) {
      const amel: Amelogenin = amelogenin.alleles[1] === 'Y' ? 'XY' : 'XX';
      profile.amelogenin = amel;
      profile.sex = amel === 'XY' ? 'male' : 'female';
      if (sex && sex !== profile.sex) {
        this.issue('warning', 'SEX_CONFLICT', `sex given as ${sex} but Amelogenin is ${amel}; Amelogenin was kept`, where);
      }
    } else if (sex) {
      profile.sex = sex;
    }
    return profile;
  }

  private addAmelogenin(distinct: string[], where: IssueWhere): void {
    if (!distinct.includes('X')) {
      this.issue('warning', 'AMELOGENIN_UNUSUAL', 'Amelogenin Y without X (AMELX drop-out?); sex not set', where, { locus: AMELOGENIN });
      return;
    }
    this.record(AMELOGENIN, { alleles: distinct.includes('Y') ? ['X', 'Y'] : ['X', 'X'], where });
  }

  private record(locus: string, call: Call): void {
    if (this.conflicted.has(locus)) return;
    const previous = this.calls.get(locus);
    if (!previous) {
      this.calls.set(locus, call);
      return;
    }
    if (previous.alleles.join('/') === call.alleles.join('/')) return;
    this.conflicted.add(locus);
    this.calls.delete(locus);
    const at = previous.where.line !== undefined ? `line ${previous.where.line}` : previous.where.element ?? 'an earlier entry';
    this.issue('error', 'CONFLICTING_CALLS', `${locus} was typed twice with different results (${previous.alleles.join('/')} at ${at}, ${call.alleles.join('/')} here); the locus was not imported`, call.where, { locus });
  }

  private issue(
    severity: ImportIssue['severity'], code: ImportIssue['code'], message: string, where: IssueWhere,
    extra: { locus?: string; allele?: string } = {},
  ): void {
    const reported: ImportIssue = { severity, code, message, sampleId: this.sampleId };
    if (where.line !== undefined) reported.line = where.line;
    if (where.element !== undefined) reported.element = where.element;
    if (extra.locus !== undefined) reported.locus = extra.locus;
    if (extra.allele !== undefined) reported.allele = extra.allele;
    this.issues.push(reported);
  }
}
