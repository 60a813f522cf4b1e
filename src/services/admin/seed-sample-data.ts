import type { Genotypes, ProfileInput, Relationship, Sex } from '../../domain';
import { mulberry32 } from '../../matching';
import { addRelative, openCase, type CasePorts } from '../cases';
import { registerFoundPerson } from '../found-persons';
import type { MatchingPorts } from '../matches';
import { registerProfile, type ProfilePorts } from '../profiles';
import type { Actor } from '../shared';



/**
 * Genotypes of one row of data-samples/profiles/nist1036-genotypes.csv (columns `<locus>_1`,
 * `<locus>_2`); loci with an empty cell are left out (two such cells exist, see SOURCES.md §4).
 */
export function genotypesFromNistRow(row: Readonly<Record<string, string>>): Genotypes {
  const out: Genotypes = {};
  for (const column of Object.keys(row)) {
    const m = /^(.+)_1$/.exec(column);
    if (!m) continue;
    const a = row[column]?.trim();
    const b = row[`${m[1]}_2`]?.trim();
    if (a && b) out[m[1]!] = [a, b];
  }
  return out;
}

/**
 * A child of two parents by Mendelian transmission: one allele of each parent per locus, each
 * with probability ½ (Mendel's law of segregation; no mutation). Loci typed in both parents only.
 */
export function mendelianChild(father: Genotypes, mother: Genotypes, random: () => number): Genotypes {
  const child: Genotypes = {};
  for (const locus of Object.keys(father)) {
    const f = father[locus];
    const m = mother[locus];
    if (!f || !m || f.length !== 2 || m.length !== 2) continue;
    child[locus] = [f[random() < 0.5 ? 0 : 1]!, m[random() < 0.5 ? 0 : 1]!];
  }
  return child;
}

function withAmelogenin(g: Genotypes, sex: Sex): Genotypes {
  return { ...g, AMEL: sex === 'male' ? ['X', 'Y'] : ['X', 'X'] };
}

/** Seeding registers profiles, opens cases and registers found persons, each searched as usual. */
export type SamplePorts = ProfilePorts & CasePorts & MatchingPorts;

export interface SampleDataResult {
  readonly profiles: number;
  readonly cases: number;
  readonly foundPersons: number;
}

const DEMO_LAB: Actor = { keyId: 'system', role: 'system', org: 'DEMO-LAB', requestId: null };
const DEMO_PSB: Actor = { keyId: 'system', role: 'system', org: 'DEMO-PSB', requestId: null };

interface DemoRelative { readonly sampleId: string; readonly relationship: Relationship; readonly sex: Sex; readonly genotypes: Genotypes }
interface DemoFamily { readonly alertId: string; readonly childSex: Sex; readonly missingSince: string; readonly place: string; readonly relatives: DemoRelative[] }

/**
 * Loads a small demonstration data set built from real unrelated NIST 1036 founders by Mendelian
 * simulation with a fixed seed: three reference families (parents; mother + full sibling;
 * paternal grandparents + aunt with the father untyped) and three found persons, the first of
 * whom is the missing child of family 1 (a true match). Idempotent: records that exist are kept.
 */
export async function seedSampleData(ports: SamplePorts, nistRows: ReadonlyArray<Readonly<Record<string, string>>>, seed = 20240601): Promise<SampleDataResult> {
  const random = mulberry32(seed);
  const used = new Set<number>();
  const founder = (): Genotypes => {
    for (;;) {
      const i = Math.floor(random() * nistRows.length);
      if (used.has(i)) continue;
      used.add(i);
      return genotypesFromNistRow(nistRows[i]!);
    }
  };

  const fa1 = founder(); const mo1 = founder();
  const mp1 = mendelianChild(fa1, mo1, random);
  const fa2 = founder(); const mo2 = founder();
  const sib2 = mendelianChild(fa2, mo2, random);
  const pgf3 = founder(); const pgm3 = founder(); const mo3 = founder();
  const father3 = mendelianChild(pgf3, pgm3, random);
  const aunt3 = mendelianChild(pgf3, pgm3, random);
  mendelianChild(father3, mo3, random);

  const families: DemoFamily[] = [
    { alertId: 'DEMO-ALERT-1', childSex: 'male', missingSince: '2016-08-12', place: 'Guangzhou, Guangdong', relatives: [
      { sampleId: 'DEMO-F1-FATHER', relationship: 'father', sex: 'male', genotypes: fa1 },
      { sampleId: 'DEMO-F1-MOTHER', relationship: 'mother', sex: 'female', genotypes: mo1 },
    ] },
    { alertId: 'DEMO-ALERT-2', childSex: 'female', missingSince: '2012-03-02', place: 'Chengdu, Sichuan', relatives: [
      { sampleId: 'DEMO-F2-MOTHER', relationship: 'mother', sex: 'female', genotypes: mo2 },
      { sampleId: 'DEMO-F2-SIBLING', relationship: 'fullSibling', sex: 'male', genotypes: sib2 },
    ] },
    { alertId: 'DEMO-ALERT-3', childSex: 'male', missingSince: '2009-11-20', place: 'Kunming, Yunnan', relatives: [
      { sampleId: 'DEMO-F3-PGF', relationship: 'paternalGrandfather', sex: 'male', genotypes: pgf3 },
      { sampleId: 'DEMO-F3-PGM', relationship: 'paternalGrandmother', sex: 'female', genotypes: pgm3 },
      { sampleId: 'DEMO-F3-AUNT', relationship: 'paternalAunt', sex: 'female', genotypes: aunt3 },
    ] },
  ];
  const found: Array<{ sampleId: string; sex: Sex; genotypes: Genotypes; foundAt: string; place: string }> = [
    { sampleId: 'DEMO-FOUND-1', sex: 'male', genotypes: mp1, foundAt: '2023-05-04', place: 'Shenzhen railway station' },
    { sampleId: 'DEMO-FOUND-2', sex: 'female', genotypes: founder(), foundAt: '2022-10-17', place: 'Wuhan welfare home' },
    { sampleId: 'DEMO-FOUND-3', sex: 'male', genotypes: founder(), foundAt: '2024-01-09', place: 'Xiamen' },
  ];

  let profiles = 0;
  let cases = 0;
  let foundPersons = 0;
  const upload = async (sampleId: string, kind: ProfileInput['kind'], sex: Sex, genotypes: Genotypes): Promise<string> => {
    const r = await registerProfile(ports, DEMO_LAB, { sampleId, kind, kit: 'custom', population: 'NIST 1036 (simulated family)', genotypes: withAmelogenin(genotypes, sex) });
    if (r.created) profiles++;
    return r.profile.id;
  };

  for (const family of families) {
    const ids = [];
    for (const r of family.relatives) ids.push(await upload(r.sampleId, 'reference', r.sex, r.genotypes));
    if ((await ports.store.cases.list({ alertId: family.alertId, limit: 1, offset: 0 })).total > 0) continue;
    const c = await openCase(ports, DEMO_PSB, {
      alertId: family.alertId, child: { sex: family.childSex, birthDate: null, missingSince: family.missingSince, place: family.place },
    });
    for (const [i, r] of family.relatives.entries()) await addRelative(ports, DEMO_PSB, c.id, { profileId: ids[i]!, relationship: r.relationship });
    cases++;
  }
  for (const person of found) {
    const profileId = await upload(person.sampleId, 'found', person.sex, person.genotypes);
    if (await ports.store.foundPersons.findByProfileId(profileId)) continue;
    await registerFoundPerson(ports, DEMO_PSB, { profileId, foundAt: person.foundAt, place: person.place });
    foundPersons++;
  }
  return { profiles, cases, foundPersons };
}
