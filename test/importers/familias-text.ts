/**
 * Writes small Familias .fam texts for tests, in the layout of FORMATS.md §3 (the same layout as
 * test/fixtures/formats/familias/paternity.fam): one value per line, strings quoted.
 */
export interface FamMarker {
  name: string;
  alleles: [string, number][];
  /** Familias model codes (female, male); default 4, 4 (extended stepwise). */
  models?: [number, number];
  rates?: [number, number];
}

export interface FamPerson {
  name: string;
  male: boolean;
  /** [allele index, allele index, marker index]. */
  genotypes?: [number, number, number][];
}

export interface FamPedigree {
  name: string;
  extraFemales?: number;
  extraMales?: number;
  relations: [number, number][];
}

export function famText(spec: { persons?: FamPerson[]; pedigrees?: FamPedigree[]; markers: FamMarker[]; theta?: number }): string {
  const q = (s: string): string => `"${s}"`;
  const lines: (string | number)[] = [q('Output from Familias, version 3.3.1'), q('DO NOT EDIT!'), '3.3.1', q('')];
  const persons = spec.persons ?? [];
  lines.push(persons.length);
  for (const p of persons) {
    const g = p.genotypes ?? [];
    lines.push(q(p.name), '#FALSE#', -1, '#FALSE#', p.male ? '#TRUE#' : '#FALSE#', g.length, ...g.flat());
  }
  lines.push(q('Known relations'), 0, 0, 0);
  const pedigrees = spec.pedigrees ?? [];
  lines.push(pedigrees.length);
  pedigrees.forEach((ped, i) => {
    lines.push(i, q(ped.name), ped.extraFemales ?? 0, ped.extraMales ?? 0, ped.relations.length, ...ped.relations.flat());
  });
  lines.push(`#FALSE# (#Databases: 1 ;Theta/Kinship/Fst: ${spec.theta ?? 0} )`, spec.markers.length, '#TRUE#', q('testdb'));
  for (const m of spec.markers) {
    const [fm, mm] = m.models ?? [4, 4];
    const [fr, mr] = m.rates ?? [0.001, 0.002];
    lines.push(q(m.name), fr, mr, fm, mm, m.alleles.length, 0.1, 0.1, '1e-006', '1e-006', '#FALSE#', 0,
      `${m.alleles.length}\t(DatabaseSize = 500 , Dropout probability = 0 , Minor allele frequency = 0 )`);
    for (const [allele, frequency] of m.alleles) lines.push(q(allele), frequency);
  }
  return `${lines.join('\r\n')}\r\n`;
}
