import type { BackgroundJobs, Policy, StoreAccess } from '../shared';
import type { SearchIndex } from './search-index';

/**
 * What the matching use cases need: the store with the clock, the search index (null where
 * matching is not set up, as in the tests of other components) and the background job runner.
 */
export interface MatchingPorts extends StoreAccess {
  readonly search: SearchIndex | null;
  readonly jobs: BackgroundJobs;
}

/** The review policy of the deployment: how many investigators confirm, and whether a re-test must come first. */
export type ReviewPolicy = Pick<Policy, 'requireTwoInvestigators' | 'requireRetestBeforeConfirm'>;

/** What reviewing a match needs: the matching ports and the review policy. */
export interface ReviewPorts extends MatchingPorts {
  readonly policy: ReviewPolicy;
}
