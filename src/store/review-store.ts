import type { MatchReview } from '../domain';

/**
 * Store port of investigator reviews (append-only history of each match). Both adapters implement
 * it; test/store/review-store-contract.test.ts is its contract. Kept apart from store.ts like the
 * hub's and the matching ports, so that the table and collection stay in their own files.
 */
export interface ReviewRepository {
  /** @throws ConflictError `DUPLICATE_KEY` when the id exists. */
  insert(review: MatchReview): Promise<void>;
  /** The match's reviews, oldest first (at, then id). */
  listByMatch(matchId: string): Promise<MatchReview[]>;
}

export interface ReviewRepositories {
  readonly reviews: ReviewRepository;
}
