import type { MatchView, Page } from './api-types';
import { useApp } from './app-context';
import { labelOf, OrDash, Pager, StatusBadge, TableScroll } from './common';
import { formatLog10, formatLr, formatProbability, shortId } from './format';
import { href } from './router';

/**
 * Candidate matches ranked by LR (the API's order): LR, database posterior, exceedance and flags,
 * with a link to the review. `side` says which column names the other party.
 */
export function CandidatesTable({ page, side, onPage }: { page: Page<MatchView>; side: 'foundPerson' | 'case'; onPage: (offset: number) => void }) {
  const { t } = useApp();
  if (page.items.length === 0) return <p>{t('common.none')}</p>;
  return (
    <>
      {page.expectedFalseCandidates !== undefined && (
        <p class="note" data-testid="expected-false">{t('case.expectedFalse', { n: page.expectedFalseCandidates.toPrecision(3) })}</p>
      )}
      <TableScroll label={t('case.candidates')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('candidates.rank')}</th>
              <th scope="col">{side === 'foundPerson' ? t('candidates.foundPerson') : t('candidates.case')}</th>
              <th scope="col" class="num">{t('candidates.lr')}</th>
              <th scope="col" class="num">{t('candidates.log10lr')}</th>
              <th scope="col" class="num">{t('candidates.posterior')}</th>
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
                <td class="num"><OrDash value={formatProbability(m.databasePosterior)} /></td>
                <td class="num"><OrDash value={formatProbability(m.exceedance)} /></td>
                <td>{m.flags === undefined ? <OrDash value={null} /> : m.flags.length === 0 ? t('common.dash') : (
                  <ul class="flags">{m.flags.map((f) => <li key={f} class="flag">{labelOf(t, 'flag', f)}</li>)}</ul>
                )}</td>
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
