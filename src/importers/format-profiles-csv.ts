import { AMELOGENIN, KNOWN_LOCI } from '../kinship';
import { formatCell } from './csv-cells';
import type { ImportedProfile } from './types';

const META_COLUMNS = ['sampleId', 'kind', 'relationship', 'kit', 'population', 'sex'] as const;

/** The parts of a profile the CSV carries; an {@link ImportedProfile} fits. */
export type CsvProfile = Pick<ImportedProfile, 'sampleId' | 'genotypes' | (typeof META_COLUMNS)[number] | 'amelogenin'>;

/**
 * Writes profiles in the CSV upload format that {@link parseProfilesCsv} reads: RFC 4180, CRLF
 * line ends, columns `sampleId,kind,relationship,kit,population,sex`, then `<locus>_1,<locus>_2`
 * for every locus any profile has (canonical order of the nomenclature's KNOWN_LOCI, Amelogenin as
 * `AMEL_1,AMEL_2`). A homozygote is written twice, a Y marker in `_1` only, an untyped locus as two
 * empty cells. Cells that a spreadsheet would run as a formula are escaped (see csv-cells.ts).
 */
export function formatProfilesCsv(profiles: readonly CsvProfile[]): string {
  const present = new Set<string>();
  for (const p of profiles) {
    for (const locus of Object.keys(p.genotypes)) present.add(locus);
    if (p.amelogenin) present.add(AMELOGENIN);
  }
  const loci = KNOWN_LOCI.filter((l) => present.has(l));
  const unknown = [...present].filter((l) => !KNOWN_LOCI.includes(l));
  if (unknown.length > 0) loci.push(...unknown.sort());

  const header = [...META_COLUMNS, ...loci.flatMap((l) => [`${l}_1`, `${l}_2`])];
  const lines = [header.map(formatCell).join(',')];
  for (const p of profiles) {
    const meta = META_COLUMNS.map((c) => p[c] ?? '');
    const alleles = loci.flatMap((l) => {
      const genotype = l === AMELOGENIN ? (p.amelogenin ? [...p.amelogenin] : []) : p.genotypes[l] ?? [];
      return [genotype[0] ?? '', genotype[1] ?? ''];
    });
    lines.push([...meta, ...alleles].map(formatCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
