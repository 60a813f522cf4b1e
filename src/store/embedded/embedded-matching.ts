import type { Job, Match, Page, SearchPolicy } from '../../domain';
import { ConflictError } from '../../lib';
import type { JobRepository, MatchingRepositories, MatchListQuery, MatchRepository, SearchPolicyRepository } from '../matching-store';
import { all, one, run, str, type Access, type Row } from './sql';

/**
 * The matching repositories of the embedded store. A match is one row: the indexed columns
 * (pair, status, log10 LR) and the rest as JSON (its per-locus breakdown is read whole).
 */
function toMatch(r: Row): Match {
  const body = JSON.parse(str(r.body)) as Omit<Match, 'id' | 'caseId' | 'foundPersonId' | 'status' | 'version' | 'createdAt' | 'updatedAt'>;
  return {
    ...body, id: str(r.id), caseId: str(r.case_id), foundPersonId: str(r.found_person_id), status: r.status as Match['status'],
    version: Number(r.version), createdAt: str(r.created_at), updatedAt: str(r.updated_at),
  };
}

function matchParams(m: Match) {
  const { id, caseId, foundPersonId, status, version, createdAt, updatedAt, ...body } = m;
  return {
    id, case_id: caseId, found_person_id: foundPersonId, status, log10_lr: m.log10Lr, body: JSON.stringify(body), version,
    created_at: createdAt, updated_at: updatedAt,
  };
}

class EmbeddedMatches implements MatchRepository {
  constructor(private readonly db: Access) {}

  async findById(id: string): Promise<Match | null> {
    const r = one(this.db.read(), 'SELECT * FROM matches WHERE id = @id', { id });
    return r ? toMatch(r) : null;
  }

  async findByPair(caseId: string, foundPersonId: string): Promise<Match | null> {
    const r = one(this.db.read(), 'SELECT * FROM matches WHERE case_id = @caseId AND found_person_id = @foundPersonId', { caseId, foundPersonId });
    return r ? toMatch(r) : null;
  }

  async upsert(match: Match): Promise<Match> {
    return this.db.write((db) => db.transaction(() => {
      const existing = one(db, 'SELECT * FROM matches WHERE case_id = @caseId AND found_person_id = @foundPersonId', {
        caseId: match.caseId, foundPersonId: match.foundPersonId,
      });
      if (!existing) {
        run(db, `INSERT INTO matches (id, case_id, found_person_id, status, log10_lr, body, version, created_at, updated_at)
          VALUES (@id, @case_id, @found_person_id, @status, @log10_lr, @body, @version, @created_at, @updated_at)`, matchParams({ ...match, version: 1 }));
        return { ...match, version: 1 };
      }
      const old = toMatch(existing);
      const next: Match = { ...match, id: old.id, status: old.status, createdAt: old.createdAt, version: old.version + 1 };
      run(db, `UPDATE matches SET log10_lr = @log10_lr, body = @body, version = @version, updated_at = @updated_at WHERE id = @id`, matchParams(next));
      return next;
    })());
  }

  async update(next: Match): Promise<void> {
    await this.db.write((db) => {
      const changed = run(db, `UPDATE matches SET status = @status, log10_lr = @log10_lr, body = @body, version = @version,
        updated_at = @updated_at WHERE id = @id AND version = @version - 1`, matchParams(next));
      if (changed !== 1) throw new ConflictError('STALE_VERSION', `match ${next.id} was changed by another request; reload and retry`);
    });
  }

  async listByCase(caseId: string, q: MatchListQuery): Promise<Page<Match>> {
    return this.list('case_id', caseId, q);
  }

  async listByFoundPerson(foundPersonId: string, q: MatchListQuery): Promise<Page<Match>> {
    return this.list('found_person_id', foundPersonId, q);
  }

  async listAfter(after: string, limit: number): Promise<Match[]> {
    return all(this.db.read(), 'SELECT * FROM matches WHERE id > @after ORDER BY id LIMIT @limit', { after, limit }).map(toMatch);
  }

  async count(): Promise<number> {
    return Number(one(this.db.read(), 'SELECT COUNT(*) AS n FROM matches')!.n);
  }

  private async list(column: 'case_id' | 'found_person_id', value: string, q: MatchListQuery): Promise<Page<Match>> {
    const db = this.db.read();
    const status = q.status === undefined ? '' : 'AND status = @status';
    const params = { value, status: q.status, limit: q.limit, offset: q.offset };
    const total = Number(one(db, `SELECT COUNT(*) AS n FROM matches WHERE ${column} = @value ${status}`, params)!.n);
    const rows = all(db, `SELECT * FROM matches WHERE ${column} = @value ${status} ORDER BY log10_lr DESC, id LIMIT @limit OFFSET @offset`, params);
    return { items: rows.map(toMatch), total, limit: q.limit, offset: q.offset };
  }
}

class EmbeddedSearchPolicies implements SearchPolicyRepository {
  constructor(private readonly db: Access) {}

  async current(): Promise<SearchPolicy | null> {
    const r = one(this.db.read(), 'SELECT * FROM search_policies ORDER BY version DESC LIMIT 1');
    return r ? (JSON.parse(str(r.body)) as SearchPolicy) : null;
  }

  async findByVersion(version: number): Promise<SearchPolicy | null> {
    const r = one(this.db.read(), 'SELECT * FROM search_policies WHERE version = @version', { version });
    return r ? (JSON.parse(str(r.body)) as SearchPolicy) : null;
  }

  async insert(p: SearchPolicy): Promise<void> {
    await this.db.write((db) => run(db, `INSERT INTO search_policies (version, body, created_at, created_by)
      VALUES (@version, @body, @created_at, @created_by)`, { version: p.version, body: JSON.stringify(p), created_at: p.createdAt, created_by: p.createdBy }));
  }
}

class EmbeddedJobs implements JobRepository {
  constructor(private readonly db: Access) {}

  async insert(job: Job): Promise<void> {
    await this.db.write((db) => run(db, 'INSERT INTO jobs (id, body, created_at) VALUES (@id, @body, @created_at)', {
      id: job.id, body: JSON.stringify(job), created_at: job.createdAt,
    }));
  }

  async findById(id: string): Promise<Job | null> {
    const r = one(this.db.read(), 'SELECT * FROM jobs WHERE id = @id', { id });
    return r ? (JSON.parse(str(r.body)) as Job) : null;
  }

  async update(job: Job): Promise<void> {
    await this.db.write((db) => run(db, 'UPDATE jobs SET body = @body WHERE id = @id', { id: job.id, body: JSON.stringify(job) }));
  }
}

export function embeddedMatchingRepositories(access: Access): MatchingRepositories {
  return { matches: new EmbeddedMatches(access), searchPolicies: new EmbeddedSearchPolicies(access), jobs: new EmbeddedJobs(access) };
}
