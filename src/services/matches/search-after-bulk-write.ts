import type { Actor } from '../shared';
import type { MatchingPorts } from './matching-ports';
import { searchFamiliesForFoundPerson, searchFoundPersonsForCase } from './search-matches';

/** What one batch of a bulk load wrote: the new found persons and the new or changed families. */
export interface BulkWrite {
  readonly foundPersonIds: readonly string[];
  readonly caseIds: readonly string[];
}

/**
 * Searches of one side kept in flight at once: a search waits on the worker pool for most of its
 * time (posting the task, a worker waking up, the answer coming back), so one at a time leaves
 * the pool and this thread idle in turns; a few at once keep both busy. Different records of one
 * side never share a pair, so the order they finish in changes no stored match.
 */
const SEARCHES_IN_FLIGHT = 8;

/**
 * The automatic search of a bulk load, once per committed batch instead of once per write: the
 * index first applies the whole batch from the store's change feed, then every new found person
 * is searched against every family and every changed family against every found person, under
 * the same rules and with the same stored candidates as after a single write
 * (searchFamiliesForFoundPerson, searchFoundPersonsForCase). The found persons are searched
 * first, then the families, so a pair that is new on both sides is found from both and stored
 * once (a match is one per pair). While the index holds no found person, a family search has
 * nothing to find and is not run.
 * Returns the number of matches stored or updated.
 */
export async function searchAfterBulkWrite(ports: MatchingPorts, actor: Actor, written: BulkWrite): Promise<number> {
  const search = ports.search;
  if (!search) return 0;
  await search.catchUp();
  let matches = await countEach(written.foundPersonIds, async (id) => (await searchFamiliesForFoundPerson(ports, actor, id)).length);
  if (search.engine.foundPersonCount === 0) return matches;
  matches += await countEach(written.caseIds, async (id) => (await searchFoundPersonsForCase(ports, actor, id)).length);
  return matches;
}

/** The sum of `count` over `ids`, {@link SEARCHES_IN_FLIGHT} at a time; the first failure stops the rest from starting and is thrown. */
async function countEach(ids: readonly string[], count: (id: string) => Promise<number>): Promise<number> {
  let next = 0;
  let total = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < ids.length) {
      const id = ids[next++]!;
      try {
        // Awaited before adding: `total += await ...` would read total before the wait and lose the other lanes' counts.
        const counted = await count(id);
        total += counted;
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEARCHES_IN_FLIGHT, ids.length) }, lane));
  return total;
}
