import type { MatchReview } from '../../domain';
import type { ReviewRepositories, ReviewRepository } from '../review-store';
import { all, run, str, type Access, type Row } from './sql';

const toReview = (r: Row): MatchReview => JSON.parse(str(r.body)) as MatchReview;

class EmbeddedReviews implements ReviewRepository {
  constructor(private readonly db: Access) {}

  async insert(review: MatchReview): Promise<void> {
    await this.db.write((db) => run(db, 'INSERT INTO match_reviews (id, match_id, at, body) VALUES (@id, @match_id, @at, @body)', {
      id: review.id, match_id: review.matchId, at: review.at, body: JSON.stringify(review),
    }));
  }

  async listByMatch(matchId: string): Promise<MatchReview[]> {
    return all(this.db.read(), 'SELECT body FROM match_reviews WHERE match_id = @matchId ORDER BY at, id', { matchId }).map(toReview);
  }
}

/** The review repository of the embedded store over one {@link Access} (the store's, or a transaction's). */
export function embeddedReviewRepositories(access: Access): ReviewRepositories {
  return { reviews: new EmbeddedReviews(access) };
}
