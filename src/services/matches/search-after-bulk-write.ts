import type { Actor } from '../shared';
import type { MatchingPorts } from './matching-ports';
import { searchFamiliesForFoundPerson, searchFoundPersonsForCase } from './search-matches';

/** What one batch of a bulk load wrote: the new found persons and the new or changed families. */
export interface BulkWrite {
  readonly foundPersonIds: readonly string[];
  readonly caseIds: readonly string[];
}

/**
 * The automatic search of a bulk load, once per committed batch instead of once per write: the
 * index first applies the whole batch from the store's change feed, then every new found person
 * is searched against every family and every changed family against every found person, under
 * the same rules and with the same stored candidates as after a single write
 * (searchFamiliesForFoundPerson, searchFoundPersonsForCase). A pair that is new on both sides is
 * found from both and stored once (a match is one per pair). While the index holds no found
 * person, a family search has nothing to find and is not run.
 * Returns the number of matches stored or updated.
 */
export async function searchAfterBulkWrite(ports: MatchingPorts, actor: Actor, written: BulkWrite): Promise<number> {
  const search = ports.search;
  if (!search) return 0;
  await search.catchUp();
  let matches = 0;
  for (const id of written.foundPersonIds) matches += (await searchFamiliesForFoundPerson(ports, actor, id)).length;
  if (search.engine.foundPersonCount === 0) return matches;
  for (const id of written.caseIds) matches += (await searchFoundPersonsForCase(ports, actor, id)).length;
  return matches;
}
