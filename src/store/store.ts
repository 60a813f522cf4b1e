import type {
  ApiKey, ApiKeyListQuery, AuditEntry, AuditListQuery, CaseListQuery, FoundPerson, FoundPersonListQuery,
  FrequencyTable, Genotypes, Individual, MissingCase, Page, Profile, ProfileKind, Sex,
} from '../domain';
import type { HubRepositories } from './hub-store';
import type { LeaseRepository } from './lease-store';
import type { MatchingRepositories } from './matching-store';
import type { ReviewRepositories } from './review-store';
import type { SessionRepositories } from './session-store';

/**
 * The Store port: the only way the service reaches its system of record. Two adapters implement
 * it (embedded SQLite, MongoDB) and pass one contract suite (test/store/store-contract.test.ts).
 * Repositories take and return plain objects (no driver documents); lists are paged with a total.
 * Inserts throw ConflictError `DUPLICATE_KEY` on a unique-key clash; an update whose version is
 * stale (another change got there first) throws ConflictError `STALE_VERSION`.
 */
export interface ProfileQuery {
  readonly lab?: string;
  readonly kind?: ProfileKind;
  readonly limit: number;
  readonly offset: number;
}

export interface ProfileRepository {
  insert(profile: Profile): Promise<void>;
  /**
   * Inserts many profiles at once (a bulk import's batch): all of them or, on a unique-key clash
   * (DUPLICATE_KEY), none.
   */
  insertMany(profiles: readonly Profile[]): Promise<void>;
  findById(id: string): Promise<Profile | null>;
  findByIds(ids: readonly string[]): Promise<Profile[]>;
  findBySampleId(lab: string, sampleId: string): Promise<Profile | null>;
  /** Ids of profiles whose autosomal genotype hash equals `hash` (possible duplicates). */
  findIdsByGenotypeHash(hash: string): Promise<string[]>;
  /** Oldest first (createdAt, then id). */
  list(query: ProfileQuery): Promise<Page<Profile>>;
  count(): Promise<number>;
}

export interface CaseRepository {
  insert(c: MissingCase): Promise<void>;
  findById(id: string): Promise<MissingCase | null>;
  /**
   * Replaces the case; `next.version` must be exactly one more than the stored version.
   * @throws ConflictError `STALE_VERSION` when another change got there first.
   */
  update(next: MissingCase): Promise<void>;
  /** Oldest first (createdAt, then id). */
  list(query: CaseListQuery): Promise<Page<MissingCase>>;
  /** Ids of cases whose family is typed (in part) by this profile. */
  findIdsByProfileId(profileId: string): Promise<string[]>;
  /** The case's family with its typed members' genotypes, as the matching engine scores it (null without a case). */
  findFamily(caseId: string): Promise<FamilyRecord | null>;
  count(): Promise<number>;
}

export interface FoundPersonRepository {
  insert(person: FoundPerson): Promise<void>;
  findById(id: string): Promise<FoundPerson | null>;
  findByProfileId(profileId: string): Promise<FoundPerson | null>;
  /**
   * Replaces the record (its profile too: a re-sample replaces it); `next.version` must be one more
   * than the stored version.
   * @throws ConflictError `STALE_VERSION` when another change got there first; `DUPLICATE_KEY` when the profile types another found person.
   */
  update(next: FoundPerson): Promise<void>;
  list(query: FoundPersonListQuery): Promise<Page<FoundPerson>>;
  count(): Promise<number>;
}

export interface FrequencyTableRepository {
  insert(table: FrequencyTable): Promise<void>;
  findById(id: string): Promise<FrequencyTable | null>;
  /** Every table, ordered by id (a deployment holds tens, not thousands). */
  listAll(): Promise<FrequencyTable[]>;
  count(): Promise<number>;
}

export interface ApiKeyRepository {
  insert(key: ApiKey): Promise<void>;
  findByHash(hash: string): Promise<ApiKey | null>;
  findById(id: string): Promise<ApiKey | null>;
  /** Marks the key revoked at `at`; returns false when there is no such key. */
  revoke(id: string, at: string): Promise<boolean>;
  list(query: ApiKeyListQuery): Promise<Page<ApiKey>>;
  listDemo(): Promise<ApiKey[]>;
  count(): Promise<number>;
}

export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  /** Appends many entries at once (the audit of a bulk import's batch): all of them or none. */
  appendMany(entries: readonly AuditEntry[]): Promise<void>;
  /** Newest first (at, then id, descending). */
  list(query: AuditListQuery): Promise<Page<AuditEntry>>;
  count(): Promise<number>;
}

/** The repositories, as seen inside and outside a transaction (the hub's are in hub-store.ts). */
export interface Repositories extends HubRepositories, MatchingRepositories, ReviewRepositories, SessionRepositories {
  readonly profiles: ProfileRepository;
  readonly cases: CaseRepository;
  readonly foundPersons: FoundPersonRepository;
  readonly frequencyTables: FrequencyTableRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly audit: AuditRepository;
}

/** One typed relative of a family, with the genotypes the matching index needs. */
export interface FamilyMember {
  readonly individualId: string;
  readonly profileId: string;
  readonly sex: Sex | null;
  readonly genotypes: Genotypes;
}

/** A reference family as the matching index reads it at start. */
export interface FamilyRecord {
  readonly caseId: string;
  readonly status: MissingCase['status'];
  readonly population: string;
  readonly missing: string;
  readonly individuals: readonly Individual[];
  readonly typed: readonly FamilyMember[];
  readonly version: number;
}

/** A found person as the matching index reads it at start. */
export interface FoundPersonRecord {
  readonly foundPersonId: string;
  readonly profileId: string;
  readonly status: FoundPerson['status'];
  readonly sex: Sex | null;
  readonly genotypes: Genotypes;
  readonly version: number;
}

/** What a change entry is about: a case's family (by case id) or a found person. */
export type ChangeKind = 'family' | 'foundPerson';

/**
 * One entry of the store's change feed, written in the same transaction as the write it reports,
 * with a sequence number that grows in commit order. `op` is `remove` when the record left the
 * search (its status is no longer searched), else `upsert`; a follower reads the record itself.
 */
export interface StoreChange {
  readonly seq: number;
  readonly kind: ChangeKind;
  readonly id: string;
  readonly op: 'upsert' | 'remove';
}

/** Called after a commit that recorded changes; the write that committed them waits for it. */
export type ChangeListener = () => Promise<void>;

export interface Store extends Repositories {
  readonly kind: 'embedded' | 'mongo';
  /** Leases of background work that runs once across replicas (outside transactions: a lease is its own atomic write). */
  readonly leases: LeaseRepository;
  /**
   * Runs `work` atomically: every write through `tx` commits together or not at all, and reads
   * through `tx` see the transaction's own writes. `work` may be re-run by the Mongo adapter on a
   * transient transaction error, so it must not have side effects outside `tx`.
   * Nested transactions are not supported (`tx` has no `transaction`).
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Streams every case with a family that has at least one typed member, in pages of `batchSize`. */
  iterateFamilies(batchSize?: number): AsyncIterable<FamilyRecord>;
  /** Streams every found person with the profile genotypes, in pages of `batchSize`. */
  iterateFoundPersons(batchSize?: number): AsyncIterable<FoundPersonRecord>;
  /**
   * The change feed: entries after `seq`, in sequence order, at most `limit`. Every insert or update
   * of a case or a found person (its family, profile or status) appends one entry in its own
   * transaction, so that a follower (the search index of this process, or of another replica
   * polling the feed) applies exactly the committed writes, in order.
   */
  changesSince(seq: number, limit: number): Promise<StoreChange[]>;
  /** The sequence number of the newest change entry (0 before the first). */
  lastChangeSeq(): Promise<number>;
  /**
   * Registers a listener called after every commit of this process that recorded changes (after
   * the transaction, or after a single write outside one); returns the function that removes it.
   */
  onChanges(listener: ChangeListener): () => void;
  /** Record counts per collection (tests count before and after; /readyz shows them). */
  countRecords(): Promise<Record<'profiles' | 'cases' | 'foundPersons' | 'frequencyTables' | 'apiKeys' | 'audit', number>>;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
