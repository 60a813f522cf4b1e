import {
  isSearchedCase, isSearchedFoundPerson, type CaseStatus, type FoundPerson, type FoundPersonStatus, type Match, type MatchStatus,
  type MissingCase,
} from '../../domain';
import type { Repositories } from '../../store';
import { changeCaseStatus, changeFoundPersonStatus, type TxContext } from '../shared';

/** Matches still under review: they keep their case and found person in the candidate phase. */
const OPEN_MATCH_STATUSES: readonly MatchStatus[] = ['candidate', 'retest'];
const PAGE = 200;

/** The open matches (candidate or re-test) of a case or of a found person, read through `tx`. */
export async function openMatchesOf(tx: Repositories, of: { caseId: string } | { foundPersonId: string }): Promise<Match[]> {
  const found: Match[] = [];
  for (const status of OPEN_MATCH_STATUSES) {
    for (let offset = 0; ; offset += PAGE) {
      const query = { status, limit: PAGE, offset };
      const page = 'caseId' in of ? await tx.matches.listByCase(of.caseId, query) : await tx.matches.listByFoundPerson(of.foundPersonId, query);
      found.push(...page.items);
      if (offset + PAGE >= page.total) break;
    }
  }
  return found;
}

/**
 * Moves a case under review to the status its open matches imply: `retestRequested` while one of
 * them waits for a re-test, else `candidate` while one is a candidate, else `open` (every candidate
 * was rejected or superseded). Closed, reunited and final cases are left alone. Goes through the
 * transition table (a move it does not list is a 409).
 */
export async function settleCaseStatus(ctx: TxContext, caseId: string, reason: string): Promise<MissingCase | null> {
  const { tx } = ctx;
  const c = await tx.cases.findById(caseId);
  if (!c || !isSearchedCase(c.status)) return c;
  const open = await openMatchesOf(tx, { caseId });
  const implied: CaseStatus = open.some((m) => m.status === 'retest') ? 'retestRequested' : open.length > 0 ? 'candidate' : 'open';
  return implied === c.status ? c : changeCaseStatus(ctx, c, implied, { reason });
}

/** The found-person counterpart of {@link settleCaseStatus}: `candidate` while a match is open, else `unidentified`. */
export async function settleFoundPersonStatus(ctx: TxContext, foundPersonId: string, reason: string): Promise<FoundPerson | null> {
  const { tx } = ctx;
  const p = await tx.foundPersons.findById(foundPersonId);
  if (!p || !isSearchedFoundPerson(p.status)) return p;
  const open = await openMatchesOf(tx, { foundPersonId });
  const implied: FoundPersonStatus = open.length > 0 ? 'candidate' : 'unidentified';
  return implied === p.status ? p : changeFoundPersonStatus(ctx, p, implied, { reason });
}
