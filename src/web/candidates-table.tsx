import type { MatchPage, MatchView } from './api-types';
import { useApp } from './app-context';
import { labelOf, OrDash, Pager, StatusBadge, TableScroll } from './common';
import { formatExpectedCount, formatLog10, formatLr, formatProbability, shortId } from './format';
import { href } from './router';

/**
 * Candidate matches ranked by LR (the API's order): LR, database posteriors over families and
 * over found persons, exceedance and flags, with a link to the review. `side` says which column
 * names the other party.
 */
export function CandidatesTable({ page, side, onPage }: { page: MatchPage; side: 'foundPerson' | 'case'; onPage: (offset: number) => void }) {
  const { t } = useApp();
  const expected = page.expectedFalseCandidates !== undefined && (
    <p class="note" data-testid="expected-false">{t('case.expectedFalse', { n: formatExpectedCount(page.expectedFalseCandidates) })}</p>
  );
  if (page.items.length === 0) return <>{expected}<p>{t('common.none')}</p></>;
  return (
    <>
      {expected}
      <TableScroll label={t('case.candidates')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('candidates.rank')}</th>
              <th scope="col">{side === 'foundPerson' ? t('candidates.foundPerson') : t('candidates.case')}</th>
              <th scope="col" class="num">{t('candidates.lr')}</th>
              <th scope="col" class="num">{t('candidates.log10lr')}</th>
              <th scope="col" class="num">{t('candidates.posterior')}</th>
              <th scope="col" class="num">{t('candidates.posteriorOverFoundPersons')}</th>
              <th scope="col" class="num">{t('candidates.exceedance')}</th>
              <th scope="col">{t('candidates.flags')}</th>
              <th scope="col" class="num">{t('candidates.inconsistent')}</th>
              <th scope="col">{t('candidates.status')}</th>
              <th scope="col">{t('candidates.review')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((m, i) => (
              <tr key={m.id} data-testid="candidate-row">
                <td>{page.offset + i + 1}</td>
                <th scope="row">
                  {side === 'foundPerson'
                    ? <a href={href.foundPerson(m.foundPersonId)} title={m.foundPersonId}>{shortId(m.foundPersonId)}</a>
                    : <a href={href.case(m.caseId)} title={m.caseId}>{shortId(m.caseId)}</a>}
                </th>
                <td class="num" data-testid="candidate-lr">{formatLr(m.LR, m.log10LR)}</td>
                <td class="num">{formatLog10(m.log10LR)}</td>
                <td class="num" data-testid="candidate-posterior"><OrDash value={formatProbability(m.databasePosterior)} /></td>
                <td class="num" data-testid="candidate-posterior-over-found-persons"><OrDash value={formatProbability(m.databasePosteriorOverFoundPersons)} /></td>
                <td class="num" data-testid="candidate-exceedance"><OrDash value={formatProbability(m.exceedance)} /></td>
                <td><FlagBadges match={m} /></td>
                <td class="num">{m.inconsistentLoci}</td>
                <td><StatusBadge kind="matchStatus" value={m.status} /></td>
                <td><a class="button-link small" href={href.match(m.id)} data-testid="open-review">{t('candidates.review')}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <Pager offset={page.offset} limit={page.limit} total={page.total} onChange={onPage} />
    </>
  );
}

/** The match's flags as badges (none: a dash), and the policy's exclusion when it has one. */
export function FlagBadges({ match }: { match: MatchView }) {
  const { t } = useApp();
  if (match.flags === undefined) return <OrDash value={null} />;
  const excluded = match.exclusionReason ? <span class="badge badge-excluded" title={match.exclusionReason}>{t('flag.excluded')}</span> : null;
  if (match.flags.length === 0 && !excluded) return <>{t('flag.none')}</>;
  return (
    <ul class="flags" aria-label={t('candidates.flags')}>
      {match.flags.map((f) => <li key={f}><span class={`badge badge-flag badge-flag-${f}`}>{labelOf(t, 'flag', f)}</span></li>)}
      {excluded && <li>{excluded}</li>}
    </ul>
  );
}
