import type { Database } from 'better-sqlite3';
import { isAutosomalLocus, sortAlleles } from '../../kinship';
import { genotypeHash, profileContentHash } from '../../lib';

const PAGE = 1000;

interface ProfileRow {
  readonly id: string;
  readonly kind: string;
  readonly kit: string;
  readonly population: string | null;
  readonly genotypes: string;
}

/**
 * Re-orders the stored genotypes into the one allele order (compareAlleles in
 * src/kinship/nomenclature.ts, SWGDAM order of CODIS CMF 3.2 §3.1.2). Uploads were once sorted
 * with another comparator that put a bound call after its bound ("8", "<8") and an above-ladder
 * call before the microvariants it bounds (">10", "10.1"); those profiles are rewritten with
 * their genotype and content hashes, which depend on the order, so that duplicate detection and
 * idempotent re-uploads keep working. Profiles already in order are left untouched.
 */
export function reorderStoredAlleles(db: Database): void {
  const select = db.prepare('SELECT id, kind, kit, population, genotypes FROM profiles WHERE id > @after ORDER BY id LIMIT @limit');
  const update = db.prepare('UPDATE profiles SET genotypes = @genotypes, genotype_hash = @genotypeHash, content_hash = @contentHash WHERE id = @id');
  for (let after = ''; ;) {
    const rows = select.all({ after, limit: PAGE }) as ProfileRow[];
    if (rows.length === 0) return;
    for (const row of rows) {
      const stored = JSON.parse(row.genotypes) as Record<string, string[]>;
      const genotypes = Object.fromEntries(Object.entries(stored).map(([locus, alleles]) => [locus, sortAlleles(alleles)]));
      const text = JSON.stringify(genotypes);
      if (text === row.genotypes) continue;
      update.run({
        id: row.id, genotypes: text,
        genotypeHash: genotypeHash(genotypes, Object.keys(genotypes).filter(isAutosomalLocus)),
        contentHash: profileContentHash({ kind: row.kind, kit: row.kit, population: row.population, genotypes }),
      });
    }
    after = rows[rows.length - 1]!.id;
  }
}
