import type { FamilyInput, MatchingEngine } from '../../matching';

/**
 * Every indexed family's probability of meeting the search policy when the found person is
 * unrelated to it, P_i (matching false-hit-rate-calculator.ts: a saddlepoint estimate, computed on
 * the engine's pool), kept beside the index (one number a family, never in the packed rows) with
 * their running sum, so a candidate list reads its expected number of false candidates without a
 * query paying for it:
 * - a found person searched against the N families: Σ_i P_i (the sum over the searched records);
 * - a family searched against the M found persons: M · P_family (every found person is one draw).
 * Built with the index under one policy; a new policy builds a new set (search-index.ts).
 */
export class FalseHitRates {
  private readonly byFamily = new Map<string, number>();
  /** The latest request per family still being computed: a removal or a newer upsert supersedes it. */
  private readonly pending = new Map<string, number>();
  private requests = 0;
  private sum = 0;

  constructor(private readonly engine: Pick<MatchingEngine, 'falseHitRates'>) {}

  /** Σ_i P_i over the indexed families: the expected false candidates of a found person's search. */
  get total(): number {
    return Math.max(0, this.sum);
  }

  /** P_i of an indexed family (undefined when it is not indexed). */
  rateOf(caseId: string): number | undefined {
    return this.byFamily.get(caseId);
  }

  /** Indexes (or re-indexes) families' rates; the engine must have indexed the families (it knows their alleles). */
  async upsertMany(entries: ReadonlyArray<readonly [string, FamilyInput]>): Promise<void> {
    if (entries.length === 0) return;
    const request = ++this.requests;
    for (const [caseId] of entries) this.pending.set(caseId, request);
    const rates = await this.engine.falseHitRates(entries.map(([, family]) => family));
    entries.forEach(([caseId], i) => {
      if (this.pending.get(caseId) !== request) return;
      this.pending.delete(caseId);
      this.set(caseId, rates[i]!);
    });
  }

  /** Every indexed family's rate (written beside the index snapshot). */
  entries(): IterableIterator<[string, number]> {
    return this.byFamily.entries();
  }

  /** Takes back the rates written by {@link entries} (the families of a restored snapshot). */
  restore(entries: Iterable<readonly [string, number]>): void {
    for (const [caseId, rate] of entries) this.set(caseId, rate);
  }

  remove(caseId: string): void {
    this.pending.delete(caseId);
    const old = this.byFamily.get(caseId);
    if (old === undefined) return;
    this.byFamily.delete(caseId);
    this.sum -= old;
    if (this.byFamily.size === 0) this.sum = 0;
  }

  /** P(an unrelated found person meets the policy against `family`), for any family (an ad hoc one too). */
  async rateFor(family: FamilyInput): Promise<number> {
    return (await this.engine.falseHitRates([family]))[0]!;
  }

  private set(caseId: string, rate: number): void {
    const old = this.byFamily.get(caseId);
    if (old !== undefined) this.sum -= old;
    this.byFamily.set(caseId, rate);
    this.sum += rate;
  }
}
