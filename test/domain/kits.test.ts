import { assessKitCoverage, findKitId, KITS, KIT_IDS } from '../../src/domain';
import { canonicalLocus, findLocus } from '../../src/kinship/nomenclature';

const POLICY = { maxMissingKitLoci: 2, minCustomLoci: 10 };

describe('kit registry', () => {
  it('when every kit locus is read by the nomenclature, then it is a canonical name of the right kind', () => {
    for (const kit of KITS.values()) {
      for (const locus of kit.autosomal) {
        expect(canonicalLocus(locus)).toBe(locus);
        expect(findLocus(locus)?.kind).toBe('autosomal');
      }
      for (const locus of kit.other) expect(findLocus(locus)?.kind).not.toBe('autosomal');
      expect(new Set(kit.autosomal).size).toBe(kit.autosomal.length);
    }
  });

  it.each([
    ['Identifiler', 15], ['Identifiler Plus', 15], ['GlobalFiler', 21], ['PowerPlex 16', 15], ['PowerPlex 21', 20],
    ['PowerPlex Fusion', 22], ['PowerPlex Fusion 6C', 23], ['Goldeneye 20A', 19], ['AGCU EX22', 21], ['Huaxia Platinum', 23],
    ['Investigator 24plex', 21], ['NGM SElect', 16],
  ])('when the %s panel is counted, then it has the published %i autosomal STRs', (id, count) => {
    expect(KITS.get(id)!.autosomal).toHaveLength(count);
  });

  it('when a lab writes a kit name loosely, then it resolves to the registered id; unknown names do not', () => {
    expect(findKitId('globalfiler')).toBe('GlobalFiler');
    expect(findKitId('AGCU-EX22')).toBe('AGCU EX22');
    expect(findKitId('goldeneye_20a')).toBe('Goldeneye 20A');
    expect(findKitId('CUSTOM')).toBe('custom');
    expect(findKitId('SuperFiler 99')).toBeUndefined();
    expect(KIT_IDS).toContain('custom');
  });
});

describe('assessKitCoverage', () => {
  const identifiler = KITS.get('Identifiler')!.autosomal;

  it('when a profile misses as many kit loci as the policy allows, then it passes; one more, then it fails naming them', () => {
    const twoMissing = identifiler.slice(2);
    const threeMissing = identifiler.slice(3);

    expect(assessKitCoverage('Identifiler', twoMissing, ['AMEL'], POLICY).ok).toBe(true);
    const failed = assessKitCoverage('Identifiler', threeMissing, [], POLICY);
    expect(failed).toMatchObject({ ok: false, required: 13, typed: 12, missing: identifiler.slice(0, 3) });
  });

  it('when a profile types a locus the kit does not have, then it fails naming that locus', () => {
    const coverage = assessKitCoverage('Identifiler', [...identifiler, 'SE33'], ['DYS391'], POLICY);

    expect(coverage.ok).toBe(false);
    expect(coverage.notInKit).toEqual(['SE33', 'DYS391']);
  });

  it('when the kit is custom, then only the number of autosomal loci counts', () => {
    expect(assessKitCoverage('custom', identifiler.slice(0, 10), ['AMEL'], POLICY).ok).toBe(true);
    expect(assessKitCoverage('custom', identifiler.slice(0, 9), [], POLICY)).toMatchObject({ ok: false, required: 10, typed: 9 });
  });
});
