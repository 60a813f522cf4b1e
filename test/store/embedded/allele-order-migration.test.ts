import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { genotypeHash, profileContentHash } from '../../../src/lib';
import { reorderStoredAlleles } from '../../../src/store/embedded/allele-order-migration';
import { MIGRATIONS, migrate } from '../../../src/store/embedded/migrations';

function insertProfile(db: Database, id: string, genotypes: Record<string, string[]>): void {
  db.prepare(`INSERT INTO profiles (id, lab, sample_id, kind, kit, population, sex, genotypes, autosomal_loci, genotype_hash,
    content_hash, created_at, created_by) VALUES (@id, 'LAB-01', @id, 'reference', 'custom', NULL, 'male', @genotypes, 2, 'old', 'old',
    '2024-01-01T00:00:00.000Z', 'key_lab')`).run({ id, genotypes: JSON.stringify(genotypes) });
}

function readProfile(db: Database, id: string): { genotypes: Record<string, string[]>; genotypeHash: string; contentHash: string } {
  const row = db.prepare('SELECT genotypes, genotype_hash, content_hash FROM profiles WHERE id = ?').get(id) as Record<string, string>;
  return { genotypes: JSON.parse(row.genotypes!) as Record<string, string[]>, genotypeHash: row.genotype_hash!, contentHash: row.content_hash! };
}

describe('reorderStoredAlleles (embedded migration)', () => {
  let dir: string;
  let db: Database;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-allele-order-'));
    db = new BetterSqlite3(path.join(dir, 'reunion.sqlite'));
    // The schema as it stood before the re-ordering migration.
    migrate(db, MIGRATIONS.slice(0, MIGRATIONS.indexOf(reorderStoredAlleles)));
  });

  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when a profile was stored in the old order, then the migration re-orders it and recomputes both hashes', () => {
    insertProfile(db, 'prf_old', { D8S1179: ['8', '<8'], FGA: ['>30', '30.2'], AMEL: ['X', 'Y'] });

    migrate(db);

    const migrated = readProfile(db, 'prf_old');
    const expected = { D8S1179: ['<8', '8'], FGA: ['30.2', '>30'], AMEL: ['X', 'Y'] };
    expect(migrated.genotypes).toEqual(expected);
    expect(migrated.genotypeHash).toBe(genotypeHash(expected, ['D8S1179', 'FGA']));
    expect(migrated.contentHash).toBe(profileContentHash({ kind: 'reference', kit: 'custom', population: null, genotypes: expected }));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('when a profile is in order already, then the migration leaves it untouched', () => {
    insertProfile(db, 'prf_sorted', { TH01: ['9.3', '10'], AMEL: ['X', 'X'] });

    migrate(db);

    expect(readProfile(db, 'prf_sorted')).toEqual({ genotypes: { TH01: ['9.3', '10'], AMEL: ['X', 'X'] }, genotypeHash: 'old', contentHash: 'old' });
  });
});
