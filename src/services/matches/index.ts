/**
 * Matches: the search index, the automatic and ad hoc searches, the stored match records
 * (match-record.ts owns them), re-scoring, review and re-test, and the reads of candidates.
 */
export { adHocSearch } from './ad-hoc-search';
export type { MatchingPorts, ReviewPolicy, ReviewPorts } from './matching-ports';
export { getFamilyPower } from './get-family-power';
export {
  familyExpectedFalseCandidates, foundPersonExpectedFalseCandidates, getMatch, listCaseCandidates, listFoundPersonCandidates,
} from './read-matches';
export { getJob, startRescore } from './rescore-matches';
export { listMatchReviews, reviewMatch } from './review-match';
export { familyInput, kinshipTable } from './index-build';
export { SearchIndex, type SearchIndexOptions } from './search-index';
export { searchAfterBulkWrite, type BulkWrite } from './search-after-bulk-write';
export { searchFamiliesForFoundPerson, searchFoundPersonsForCase } from './search-matches';
