import type { Database } from 'better-sqlite3';
import type {
  ApiKey, ApiKeyListQuery, AuditEntry, AuditListQuery, CaseListQuery, FoundPerson, FoundPersonListQuery,
  FrequencyTable, MissingCase, Page, Profile,
} from '../../domain';
import { ConflictError } from '../../lib';
import type {
  ApiKeyRepository, AuditRepository, CaseRepository, FamilyRecord, FoundPersonRepository, FrequencyTableRepository, ProfileQuery,
  ProfileRepository, Repositories, StoreChange,
} from '../store';
import { caseChange, foundPersonChange } from '../change-listeners';
import { familyRecords } from '../family-record';
import { embeddedHubRepositories } from './embedded-hub';
import { embeddedMatchingRepositories } from './embedded-matching';
import { embeddedReviewRepositories } from './embedded-reviews';
import { embeddedSessionRepositories } from './embedded-sessions';
import {
  caseParams, foundPersonParams, placeholders, toApiKey, toAudit, toCase, toFoundPerson, toProfile, toTable,
} from './embedded-rows';
import { all, one, page, run, str, type Access } from './sql';

/** Appends a change entry through `db` (the write's own statement unit, so both commit together). */
function recordChange(db: Database, change: Omit<StoreChange, 'seq'>): void {
  run(db, 'INSERT INTO changes (kind, entity_id, op) VALUES (@kind, @id, @op)', { ...change });
}

class EmbeddedProfiles implements ProfileRepository {
  constructor(private readonly db: Access) {}

  async insert(p: Profile): Promise<void> {
    await this.db.write((db) => EmbeddedProfiles.insertRow(db, p));
  }

  async insertMany(profiles: readonly Profile[]): Promise<void> {
    // One write unit, one SQLite transaction (nested as a savepoint inside an open one): all rows or none.
    await this.db.write((db) => db.transaction(() => {
      for (const p of profiles) EmbeddedProfiles.insertRow(db, p);
    })());
  }

  private static insertRow(db: Database, p: Profile): void {
    run(db, `INSERT INTO profiles (id, lab, sample_id, kind, kit, population, sex, genotypes,
      autosomal_loci, genotype_hash, content_hash, created_at, created_by) VALUES (@id, @lab, @sample_id, @kind, @kit,
      @population, @sex, @genotypes, @autosomal_loci, @genotype_hash, @content_hash, @created_at, @created_by)`, {
      id: p.id, lab: p.lab, sample_id: p.sampleId, kind: p.kind, kit: p.kit, population: p.population, sex: p.sex,
      genotypes: JSON.stringify(p.genotypes), autosomal_loci: p.autosomalLoci, genotype_hash: p.genotypeHash,
      content_hash: p.contentHash, created_at: p.createdAt, created_by: p.createdBy,
    });
  }

  async findById(id: string): Promise<Profile | null> {
    const r = one(this.db.read(), 'SELECT * FROM profiles WHERE id = @id', { id });
    return r ? toProfile(r) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Profile[]> {
    const out: Profile[] = [];
    // SQLite binds at most 32766 parameters per statement; 500 keeps statements cacheable and small.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const p = placeholders('i', chunk);
      out.push(...all(this.db.read(), `SELECT * FROM profiles WHERE id IN (${p.sql})`, p.params).map(toProfile));
    }
    return out;
  }

  async findBySampleId(lab: string, sampleId: string): Promise<Profile | null> {
    const r = one(this.db.read(), 'SELECT * FROM profiles WHERE lab = @lab AND sample_id = @sampleId', { lab, sampleId });
    return r ? toProfile(r) : null;
  }

  async findIdsByGenotypeHash(hash: string): Promise<string[]> {
    return all(this.db.read(), 'SELECT id FROM profiles WHERE genotype_hash = @hash ORDER BY created_at, id', { hash }).map((r) => str(r.id));
  }

  async list(q: ProfileQuery): Promise<Page<Profile>> {
    return page(this.db.read(), 'profiles', [['lab', '=', q.lab], ['kind', '=', q.kind]], 'created_at, id', q.limit, q.offset, toProfile);
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM profiles')!.n);
  }
}

class EmbeddedCases implements CaseRepository {
  constructor(private readonly db: Access, private readonly profiles: ProfileRepository) {}

  /** The case's typed members; `replace` first deletes the ones stored before (an update). */
  private static writeTyped(db: Database, c: MissingCase, replace: boolean): void {
    if (replace) run(db, 'DELETE FROM case_profiles WHERE case_id = @id', { id: c.id });
    for (const [individualId, profileId] of Object.entries(c.family.pedigree.typed)) {
      run(db, 'INSERT INTO case_profiles (case_id, individual_id, profile_id) VALUES (@c, @i, @p)', { c: c.id, i: individualId, p: profileId });
    }
  }

  async insert(c: MissingCase): Promise<void> {
    await this.db.write((db) => db.transaction(() => {
      run(db, `INSERT INTO cases (id, alert_id, trafficking_case_no, child_sex, child_birth_date, missing_since, place,
        population, status, org, opened_by, family, version, created_at, updated_at) VALUES (@id, @alert_id,
        @trafficking_case_no, @child_sex, @child_birth_date, @missing_since, @place, @population, @status, @org,
        @opened_by, @family, @version, @created_at, @updated_at)`, caseParams(c));
      EmbeddedCases.writeTyped(db, c, false);
      recordChange(db, caseChange(c));
    })());
    await this.db.changed();
  }

  async update(next: MissingCase): Promise<void> {
    await this.db.write((db) => db.transaction(() => {
      const changed = run(db, `UPDATE cases SET alert_id = @alert_id, trafficking_case_no = @trafficking_case_no,
        child_sex = @child_sex, child_birth_date = @child_birth_date, missing_since = @missing_since, place = @place,
        population = @population, status = @status, org = @org, opened_by = @opened_by, family = @family,
        version = @version, updated_at = @updated_at WHERE id = @id AND version = @version - 1`, caseParams(next));
      if (changed !== 1) throw new ConflictError('STALE_VERSION', `case ${next.id} was changed by another request; reload and retry`);
      EmbeddedCases.writeTyped(db, next, true);
      recordChange(db, caseChange(next));
    })());
    await this.db.changed();
  }

  async findById(id: string): Promise<MissingCase | null> {
    const r = one(this.db.read(), 'SELECT * FROM cases WHERE id = @id', { id });
    return r ? toCase(r) : null;
  }

  async list(q: CaseListQuery): Promise<Page<MissingCase>> {
    return page(this.db.read(), 'cases', [
      ['status', '=', q.status], ['alert_id', '=', q.alertId], ['trafficking_case_no', '=', q.traffickingCaseNo],
      ['child_sex', '=', q.sex], ['missing_since', '>=', q.missingSinceFrom], ['missing_since', '<=', q.missingSinceTo],
    ], 'created_at, id', q.limit, q.offset, toCase);
  }

  async findFamily(caseId: string): Promise<FamilyRecord | null> {
    const c = await this.findById(caseId);
    return c ? (await familyRecords([c], this.profiles))[0]! : null;
  }

  async findIdsByProfileId(profileId: string): Promise<string[]> {
    return all(this.db.read(), 'SELECT DISTINCT case_id FROM case_profiles WHERE profile_id = @profileId ORDER BY case_id', { profileId })
      .map((r) => str(r.case_id));
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM cases')!.n);
  }
}

class EmbeddedFoundPersons implements FoundPersonRepository {
  constructor(private readonly db: Access) {}

  async insert(p: FoundPerson): Promise<void> {
    await this.db.write((db) => db.transaction(() => {
      run(db, `INSERT INTO found_persons (id, profile_id, found_at, place, estimated_birth_year,
        notes, status, org, created_by, version, created_at, updated_at) VALUES (@id, @profile_id, @found_at, @place,
        @estimated_birth_year, @notes, @status, @org, @created_by, @version, @created_at, @updated_at)`, foundPersonParams(p));
      recordChange(db, foundPersonChange(p));
    })());
    await this.db.changed();
  }

  async update(next: FoundPerson): Promise<void> {
    await this.db.write((db) => db.transaction(() => {
      const changed = run(db, `UPDATE found_persons SET profile_id = @profile_id, found_at = @found_at, place = @place,
        estimated_birth_year = @estimated_birth_year, notes = @notes, status = @status, version = @version,
        updated_at = @updated_at WHERE id = @id AND version = @version - 1`, foundPersonParams(next));
      if (changed !== 1) throw new ConflictError('STALE_VERSION', `found person ${next.id} was changed by another request; reload and retry`);
      recordChange(db, foundPersonChange(next));
    })());
    await this.db.changed();
  }

  async findById(id: string): Promise<FoundPerson | null> {
    const r = one(this.db.read(), 'SELECT * FROM found_persons WHERE id = @id', { id });
    return r ? toFoundPerson(r) : null;
  }

  async findByProfileId(profileId: string): Promise<FoundPerson | null> {
    const r = one(this.db.read(), 'SELECT * FROM found_persons WHERE profile_id = @profileId', { profileId });
    return r ? toFoundPerson(r) : null;
  }

  async list(q: FoundPersonListQuery): Promise<Page<FoundPerson>> {
    return page(this.db.read(), 'found_persons', [
      ['status', '=', q.status], ['found_at', '>=', q.foundFrom], ['found_at', '<=', q.foundTo],
    ], 'created_at, id', q.limit, q.offset, toFoundPerson);
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM found_persons')!.n);
  }
}

class EmbeddedFrequencyTables implements FrequencyTableRepository {
  constructor(private readonly db: Access) {}

  async insert(t: FrequencyTable): Promise<void> {
    await this.db.write((db) => run(db, `INSERT INTO frequency_tables (id, name, population, source, license_note,
      sample_size, loci, notes, built_in, created_at, created_by) VALUES (@id, @name, @population, @source,
      @license_note, @sample_size, @loci, @notes, @built_in, @created_at, @created_by)`, {
      id: t.id, name: t.name, population: t.population, source: t.source, license_note: t.licenseNote,
      sample_size: t.sampleSize, loci: JSON.stringify(t.loci), notes: JSON.stringify(t.notes), built_in: t.builtIn ? 1 : 0,
      created_at: t.createdAt, created_by: t.createdBy,
    }));
  }

  async findById(id: string): Promise<FrequencyTable | null> {
    const r = one(this.db.read(), 'SELECT * FROM frequency_tables WHERE id = @id', { id });
    return r ? toTable(r) : null;
  }

  async listAll(): Promise<FrequencyTable[]> {
    return all(this.db.read(), 'SELECT * FROM frequency_tables ORDER BY id').map(toTable);
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM frequency_tables')!.n);
  }
}

class EmbeddedApiKeys implements ApiKeyRepository {
  constructor(private readonly db: Access) {}

  async insert(k: ApiKey): Promise<void> {
    await this.db.write((db) => run(db, `INSERT INTO api_keys (id, role, org, label, hash, demo, created_at, revoked_at)
      VALUES (@id, @role, @org, @label, @hash, @demo, @created_at, @revoked_at)`, {
      id: k.id, role: k.role, org: k.org, label: k.label, hash: k.hash, demo: k.demo ? 1 : 0, created_at: k.createdAt,
      revoked_at: k.revokedAt,
    }));
  }

  async findByHash(hash: string): Promise<ApiKey | null> {
    const r = one(this.db.read(), 'SELECT * FROM api_keys WHERE hash = @hash', { hash });
    return r ? toApiKey(r) : null;
  }

  async findById(id: string): Promise<ApiKey | null> {
    const r = one(this.db.read(), 'SELECT * FROM api_keys WHERE id = @id', { id });
    return r ? toApiKey(r) : null;
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return this.db.write((db) => run(db, 'UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @at) WHERE id = @id', { id, at }) === 1);
  }

  async list(q: ApiKeyListQuery): Promise<Page<ApiKey>> {
    return page(this.db.read(), 'api_keys', [['role', '=', q.role], ['org', '=', q.org]], 'created_at, id', q.limit, q.offset, toApiKey);
  }

  async listDemo(): Promise<ApiKey[]> {
    return all(this.db.read(), 'SELECT * FROM api_keys WHERE demo = 1 ORDER BY created_at, id').map(toApiKey);
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM api_keys')!.n);
  }
}

class EmbeddedAudit implements AuditRepository {
  constructor(private readonly db: Access) {}

  async append(e: AuditEntry): Promise<void> {
    await this.db.write((db) => EmbeddedAudit.insertRow(db, e));
  }

  async appendMany(entries: readonly AuditEntry[]): Promise<void> {
    await this.db.write((db) => db.transaction(() => {
      for (const e of entries) EmbeddedAudit.insertRow(db, e);
    })());
  }

  private static insertRow(db: Database, e: AuditEntry): void {
    run(db, `INSERT INTO audit (id, at, actor, role, org, action, target_type, target_id,
      request_id) VALUES (@id, @at, @actor, @role, @org, @action, @target_type, @target_id, @request_id)`, {
      id: e.id, at: e.at, actor: e.actor, role: e.role, org: e.org, action: e.action, target_type: e.targetType,
      target_id: e.targetId, request_id: e.requestId,
    });
  }

  async list(q: AuditListQuery): Promise<Page<AuditEntry>> {
    return page(this.db.read(), 'audit', [
      ['actor', '=', q.actor], ['org', '=', q.org], ['action', '=', q.action], ['target_type', '=', q.targetType],
      ['target_id', '=', q.targetId], ['at', '>=', q.from], ['at', '<=', q.to],
    ], 'at DESC, id DESC', q.limit, q.offset, toAudit);
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM audit')!.n);
  }
}

/** The core repositories over one database access, with the hub's, matching's, reviews' and sessions' beside them. */
export function repositories(access: Access): Repositories {
  const profiles = new EmbeddedProfiles(access);
  return {
    profiles,
    cases: new EmbeddedCases(access, profiles),
    foundPersons: new EmbeddedFoundPersons(access),
    frequencyTables: new EmbeddedFrequencyTables(access),
    apiKeys: new EmbeddedApiKeys(access),
    audit: new EmbeddedAudit(access),
    ...embeddedHubRepositories(access),
    ...embeddedMatchingRepositories(access),
    ...embeddedReviewRepositories(access),
    ...embeddedSessionRepositories(access),
  };
}
