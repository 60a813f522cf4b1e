import type { Job, Match, MatchStatus, Page, SearchPolicy } from '../domain';

/**
 * Store port of the matching results: candidate matches (one per case × found person), the
 * versioned search policy, and background jobs. Both adapters implement it;
 * test/store/matching-store-contract.test.ts is its contract. Kept apart from store.ts like the
 * hub's port, so that these tables and collections stay in their own files.
 */
export interface MatchListQuery {
  readonly status?: MatchStatus;
  readonly limit: number;
  readonly offset: number;
}

export interface MatchRepository {
  findById(id: string): Promise<Match | null>;
  findByPair(caseId: string, foundPersonId: string): Promise<Match | null>;
  /**
   * Inserts the match, or replaces the one of the same (caseId, foundPersonId), keeping that
   * one's id, status and createdAt; the stored version becomes one more. Returns what is stored.
   */
  upsert(match: Match): Promise<Match>;
  /**
   * Replaces a match (e.g. its status); `next.version` must be exactly one more than the stored one.
   * @throws ConflictError `STALE_VERSION` when another change got there first.
   */
  update(next: Match): Promise<void>;
  /** Highest log10 LR first (then id). */
  listByCase(caseId: string, query: MatchListQuery): Promise<Page<Match>>;
  listByFoundPerson(foundPersonId: string, query: MatchListQuery): Promise<Page<Match>>;
  /** Every match after `after` in id order (the re-score job pages through them). */
  listAfter(after: string, limit: number): Promise<Match[]>;
  count(): Promise<number>;
}

export interface SearchPolicyRepository {
  /** The highest version, or null before the first one is stored. */
  current(): Promise<SearchPolicy | null>;
  /** @throws ConflictError `DUPLICATE_KEY` when that version exists (a concurrent change). */
  insert(policy: SearchPolicy): Promise<void>;
  findByVersion(version: number): Promise<SearchPolicy | null>;
}

export interface JobRepository {
  insert(job: Job): Promise<void>;
  findById(id: string): Promise<Job | null>;
  /** Replaces the job (progress and status). */
  update(job: Job): Promise<void>;
}

export interface MatchingRepositories {
  readonly matches: MatchRepository;
  readonly searchPolicies: SearchPolicyRepository;
  readonly jobs: JobRepository;
}
