import { defaultSearchPolicyInput, SearchPolicyInput, upgradeSearchPolicy, type SearchPolicy } from '../../src/domain';

describe('upgradeSearchPolicy', () => {
  it('when a policy stored before the database posterior is read, then its per-pair prior becomes priorInDatabase and the evidence settings take their defaults', () => {
    const { priorInDatabase: _p, ageWeightedPrior: _a, alternativeRatio: _r, nonGeneticConflicts: _n, ageToleranceYears: _t, ...old } = defaultSearchPolicyInput('nist1036-all');
    const stored = { ...old, prior: 0.2, version: 4, createdAt: '2025-01-01T00:00:00.000Z', createdBy: 'key_admin' } as unknown as SearchPolicy;

    const read = upgradeSearchPolicy(stored);

    expect(read).toMatchObject({ priorInDatabase: 0.2, ageWeightedPrior: false, alternativeRatio: 100, nonGeneticConflicts: 'flag', ageToleranceYears: 3, version: 4 });
    expect(read).not.toHaveProperty('prior');
  });

  it('when a current policy is read, then it is unchanged', () => {
    const current: SearchPolicy = { ...defaultSearchPolicyInput('t'), priorInDatabase: 0.9, nonGeneticConflicts: 'exclude', version: 2, createdAt: '2025-01-01T00:00:00.000Z', createdBy: 'k' };

    expect(upgradeSearchPolicy(current)).toEqual(current);
  });

  it('when an admin sends a policy without the evidence settings, then they take their defaults; a per-pair prior is refused by name', () => {
    const { priorInDatabase: _p, ageWeightedPrior: _a, alternativeRatio: _r, nonGeneticConflicts: _n, ageToleranceYears: _t, ...input } = defaultSearchPolicyInput('t');

    expect(SearchPolicyInput.parse(input)).toEqual(defaultSearchPolicyInput('t'));
    const refused = SearchPolicyInput.safeParse({ ...input, prior: 0.5 });
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toMatch(/prior/);
  });
});
