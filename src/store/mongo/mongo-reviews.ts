import { Schema, type ClientSession, type Connection, type Model } from 'mongoose';
import type { MatchReview } from '../../domain';
import { REVIEW_DECISIONS, REVIEW_OUTCOMES } from '../../domain';
import type { ReviewRepositories } from '../review-store';
import { mapDuplicate, type Doc } from './mongo-helpers';

/**
 * The review history in MongoDB: one document per review, the indexed fields and the rest as JSON
 * text (read whole). The index mirrors the embedded store's (src/store/embedded/review-migration.ts).
 */
export const reviewSchema = new Schema(
  {
    _id: { type: String, required: true },
    matchId: { type: String, required: true },
    decision: { type: String, required: true, enum: [...REVIEW_DECISIONS] },
    outcome: { type: String, required: true, enum: [...REVIEW_OUTCOMES] },
    at: { type: Date, required: true },
    bodyJson: { type: String, required: true },
  },
  { versionKey: false, strict: 'throw', id: false, collection: 'match_reviews' },
);
reviewSchema.index({ matchId: 1, at: 1, _id: 1 }, { name: 'by_match' });

export const REVIEW_SCHEMAS = { MatchReview: reviewSchema } as const;

export interface MongoReviewModels {
  readonly MatchReview: Model<Doc>;
}

/** Registers the review model on a connection (no server round trip). */
export function registerReviewModels(conn: Connection): MongoReviewModels {
  return { MatchReview: (conn.models.MatchReview as Model<Doc> | undefined) ?? conn.model<Doc>('MatchReview', reviewSchema as never) };
}

function toReview(d: Doc): MatchReview {
  return JSON.parse(d.bodyJson as string) as MatchReview;
}
function fromReview(r: MatchReview): Doc {
  return { _id: r.id, matchId: r.matchId, decision: r.decision, outcome: r.outcome, at: new Date(r.at), bodyJson: JSON.stringify(r) };
}

/** Document <-> domain mappers, exported for the server-less schema tests. */
export const reviewMappers = { toReview, fromReview };

/** The review repository of the MongoDB adapter, in a session (transaction) or not. */
export function mongoReviewRepositories(m: MongoReviewModels, session: ClientSession | undefined): ReviewRepositories {
  const opts: { session?: ClientSession } = session ? { session } : {};
  return {
    reviews: {
      insert: async (review) => {
        await m.MatchReview.create([fromReview(review)], opts).catch(mapDuplicate);
      },
      listByMatch: async (matchId) =>
        ((await m.MatchReview.find({ matchId }, null, opts).sort({ at: 1, _id: 1 }).lean()) as Doc[]).map(toReview),
    },
  };
}
