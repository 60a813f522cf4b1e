import { compileLocusModel, missingPersonLr, validateFrequencyTable } from '../../src/kinship';
import { readMutationRates, readNistGenotypes, readShippedFrequencyTables } from '../../src/main';
import { genotypesFromNistRow } from '../../src/services';
import { simulateDatabase, stepAllele, type SimulatedRecord } from '../../src/simulation';

const table = validateFrequencyTable(readShippedFrequencyTables().find((t) => t.id === 'nist1036-all')!.json, { normalize: true });
const nist = readNistGenotypes().map(genotypesFromNistRow);
const loci = Object.keys(table.loci);

function run(seed: number, families: number, over: { mutationRates?: Record<string, { female: number; male: number }> } = {}): SimulatedRecord[] {
  return [...simulateDatabase({
    seed, families, planted: 20, unrelatedFound: 5, decoyShare: 0.5, loci, founders: { genotypes: nist },
    mutationRates: over.mutationRates ?? readMutationRates(),
  })];
}

describe('simulateDatabase', () => {
  it('when run twice with one seed, then the databases are identical, and another seed gives another', () => {
    expect(run(7, 200)).toEqual(run(7, 200));
    expect(JSON.stringify(run(8, 200))).not.toBe(JSON.stringify(run(7, 200)));
  });

  it('when families are simulated, then the shares of the shapes follow the mix (40% trios, 20% father, 20% mother) and ids are unique', () => {
    const records = run(3, 5000);
    const families = records.filter((r): r is Extract<SimulatedRecord, { type: 'family' }> => r.type === 'family' && r.shape !== 'decoy');
    const share = (shape: string) => families.filter((f) => f.shape === shape).length / families.length;
    expect(share('trio')).toBeGreaterThan(0.37);
    expect(share('trio')).toBeLessThan(0.43);
    expect(share('father')).toBeGreaterThan(0.17);
    expect(share('mother')).toBeGreaterThan(0.17);
    expect(new Set(records.map((r) => r.key)).size).toBe(records.length);
  });

  it('when there is no mutation, then every planted child is Mendelian-consistent with its true family, and unrelated persons are drawn from real genotypes', () => {
    const rates = Object.fromEntries(loci.map((l) => [l, { female: 0, male: 0 }]));
    const records = run(11, 300, { mutationRates: rates });
    const families = new Map(records.flatMap((r) => (r.type === 'family' ? [[r.key, r.family] as const] : [])));
    const models = loci.map((name) => compileLocusModel({ name, frequencies: table.loci[name]! }));
    const planted = records.filter((r): r is Extract<SimulatedRecord, { type: 'found' }> => r.type === 'found' && r.trueFamily !== null);
    expect(planted).toHaveLength(20);
    for (const p of planted) {
      const family = families.get(p.trueFamily!)!;
      const result = missingPersonLr(family.individuals, family.missing, models.map((model) => ({
        model,
        typedByPerson: Object.fromEntries(Object.entries(family.typed).map(([id, g]) => [id, [model.indexOf(g[model.name]![0]!), model.indexOf(g[model.name]![1]!)] as const])),
        poi: [model.indexOf(p.genotypes[model.name]![0]!), model.indexOf(p.genotypes[model.name]![1]!)],
      })));
      expect(result.inconsistentLoci).toBe(0);
    }
    const unrelated = records.filter((r): r is Extract<SimulatedRecord, { type: 'found' }> => r.type === 'found' && r.trueFamily === null);
    for (const u of unrelated) for (const l of loci) expect(nist.some((g) => g[l]?.join() === u.genotypes[l]!.join())).toBe(true);
  });

  it('when a transmitted allele mutates, then it moves one repeat and keeps a microvariant fraction', () => {
    expect(stepAllele('12', 1)).toBe('13');
    expect(stepAllele('9.3', -1)).toBe('8.3');
    expect(stepAllele('22.2', 1)).toBe('23.2');
    expect(stepAllele('X', 1)).toBe('X');
  });

  it('when mutation rates are ten times the real ones, then planted children show inconsistent loci at about the expected rate', () => {
    const rates = Object.fromEntries(loci.map((l) => [l, { female: 0.02, male: 0.02 }]));
    const records = run(5, 2000, { mutationRates: rates });
    const families = new Map(records.flatMap((r) => (r.type === 'family' ? [[r.key, r] as const] : [])));
    let steps = 0;
    let compared = 0;
    for (const p of records) {
      if (p.type !== 'found' || !p.trueFamily) continue;
      const f = families.get(p.trueFamily)!;
      const father = f.family.typed.FA;
      if (!father || f.shape !== 'trio') continue;
      const mother = f.family.typed.MO!;
      for (const l of loci) {
        compared++;
        const [a, b] = p.genotypes[l]!;
        const ok = (father[l]!.includes(a!) && mother[l]!.includes(b!)) || (father[l]!.includes(b!) && mother[l]!.includes(a!));
        if (!ok) steps++;
      }
    }
    // Two meioses per locus at 2%: about 4% of loci (fewer: a step can land on a parental allele).
    expect(compared).toBeGreaterThan(100);
    expect(steps / compared).toBeGreaterThan(0.01);
    expect(steps / compared).toBeLessThan(0.06);
  });
});
