import mongoose from 'mongoose';
import type { MatchReview } from '../../src/domain';
import { registerModels } from '../../src/store/mongo/mongo-store';
import { REVIEW_SCHEMAS, reviewMappers } from '../../src/store/mongo/mongo-reviews';

/** What mongoose can check of the review collection without a server: validation, round trip, index. */
describe('MongoDB review collection without a server', () => {
  const conn = mongoose.createConnection();
  const models = registerModels(conn);

  afterAll(async () => {
    await conn.close();
  });

  const review: MatchReview = {
    id: 'rev_1', matchId: 'match_1', caseId: 'case_1', foundPersonId: 'fp_1', decision: 'confirm', outcome: 'confirmationPending', note: null,
    actor: 'key_1', role: 'investigator', org: 'PSB-01', requestId: null, at: '2025-01-02T03:04:05.006Z', matchStatusBefore: 'candidate',
    matchStatusAfter: 'candidate', retest: null,
  };

  it('when a review is mapped to a document, then it validates and maps back unchanged; an unknown outcome names that path', async () => {
    const doc = new models.MatchReview(reviewMappers.fromReview(review));
    const bad = new models.MatchReview({ ...reviewMappers.fromReview(review), outcome: 'maybe' });

    expect(await doc.validate()).toBeUndefined();
    expect(reviewMappers.toReview(doc.toObject() as never)).toEqual(review);
    await expect(bad.validate()).rejects.toMatchObject({ errors: { outcome: expect.anything() } });
  });

  it('when the index definitions are read, then reviews are listed by (match, time, id)', () => {
    expect(REVIEW_SCHEMAS.MatchReview.indexes().map(([f]) => f)).toEqual([{ matchId: 1, at: 1, _id: 1 }]);
  });
});
