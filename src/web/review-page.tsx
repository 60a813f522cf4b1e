import { useState } from 'preact/hooks';
import { callApi } from './api-client';
import type { CaseView, MatchLocus, MatchReviewsView, MatchView, ReviewResultView } from './api-types';
import { useApp, type Translate } from './app-context';
import { Facts, labelOf, Loaded, OrDash, PageHeading, ProblemMessage, StatusBadge, TableScroll } from './common';
import { FlagBadges } from './candidates-table';
import { formatDateTime, formatLog10, formatLr, formatProbability } from './format';
import { LrChart } from './lr-chart';
import { href } from './router';
import { useApi, type Loaded as LoadedState } from './use-api';

/** Statuses after which no decision is possible (the match review transition table). */
const CLOSED_STATUSES = new Set(['confirmed', 'rejected', 'superseded']);

interface AlleleTable {
  readonly relatives: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  foundPerson(locus: string): readonly string[] | undefined;
  relative(id: string, locus: string): readonly string[] | undefined;
}

/** One match for review: evidence, per-locus table, chart, alternatives, history, and the decision. */
export function ReviewPage({ id }: { id: string }) {
  const { t } = useApp();
  const path = `/v1/matches/${encodeURIComponent(id)}`;
  const match = useApi<MatchView>(path);
  const reviews = useApi<MatchReviewsView>(`${path}/reviews`);
  return (
    <>
      <PageHeading>{t('review.heading')}</PageHeading>
      <Loaded state={match}>
        {(m) => <MatchReview match={m} reviews={reviews} onDecided={() => { match.reload(); reviews.reload(); }} />}
      </Loaded>
    </>
  );
}

function MatchReview({ match, reviews, onDecided }: { match: MatchView; reviews: LoadedState<MatchReviewsView>; onDecided: () => void }) {
  const { t } = useApp();
  const found = useApi<CaseView>(`/v1/cases/${encodeURIComponent(match.caseId)}`);
  const alleles = allelesOf(t, match, found.data?.family.relatives ?? []);
  return (
    <>
      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">{t('review.summary')}</h2>
        <Facts label={t('review.summary')} rows={[
          [t('review.status'), <StatusBadge kind="matchStatus" value={match.status} testId="match-status" />],
          [t('review.case'), <a href={href.case(match.caseId)}>{found.data?.alertId ?? match.caseId}</a>],
          [t('cases.traffickingCaseNo'), found.data?.traffickingCaseNo ?? t('common.dash')],
          [t('review.foundPerson'), <a href={href.foundPerson(match.foundPersonId)}>{match.foundPersonId}</a>],
          [t('review.lr'), <span data-testid="match-lr">{formatLr(match.LR, match.log10LR)} (log₁₀ {formatLog10(match.log10LR)})</span>],
          [t('review.posterior'), <OrDash value={formatProbability(match.databasePosterior)} />],
          [t('review.posteriorOverFoundPersons'), <span data-testid="match-posterior-over-found-persons"><OrDash value={formatProbability(match.databasePosteriorOverFoundPersons)} /></span>],
          [t('review.exceedance'), <OrDash value={formatProbability(match.exceedance)} />],
          [t('review.expectedAdventitious'), formatProbability(match.expectedAdventitious) ?? t('common.dash')],
          [t('review.databaseSize'), match.databaseSize.toLocaleString('en')],
          [t('review.mostLikely'), match.mostLikelyRelationship ? labelOf(t, 'rel', match.mostLikelyRelationship) : <OrDash value={null} />],
          [t('candidates.flags'), <FlagBadges match={match} />],
          [t('review.lociCompared'), match.lociCompared],
          [t('review.inconsistent'), match.inconsistentLoci],
          [t('review.familyShape'), match.familyShape],
          [t('review.policyVersion'), match.policyVersion],
        ]} />
        {match.exclusionReason && <p class="problem" role="note" data-testid="exclusion-reason">{t('review.excluded', { reason: match.exclusionReason })}</p>}
        <p><a class="button-link" href={`/v1/matches/${encodeURIComponent(match.id)}/report.pdf`} data-testid="report-pdf" target="_blank" rel="noopener">{t('review.report')}</a></p>
      </section>

      <section aria-labelledby="decision-heading">
        <h2 id="decision-heading">{t('review.decide')}</h2>
        <Loaded state={reviews}>{(history) => <DecisionForm match={match} history={history} onDecided={onDecided} />}</Loaded>
      </section>

      <section aria-labelledby="loci-heading">
        <h2 id="loci-heading">{t('review.loci')}</h2>
        {alleles === null && <p class="note">{t('review.allelesUnavailable')}</p>}
        <LocusTable loci={match.loci} alleles={alleles} />
      </section>

      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">{t('review.chart')}</h2>
        <LrChart match={match} />
      </section>

      <section aria-labelledby="alternatives-heading">
        <h2 id="alternatives-heading">{t('review.alternatives')}</h2>
        {match.alternatives === undefined ? <p class="note"><OrDash value={null} /> {t('review.noAlternatives')}</p> : <Alternatives match={match} alternatives={match.alternatives} />}
      </section>

      <section aria-labelledby="evidence-heading">
        <h2 id="evidence-heading">{t('review.evidence')}</h2>
        {match.evidence === undefined ? <p class="note"><OrDash value={null} /> {t('review.noEvidence')}</p> : (
          <TableScroll label={t('review.evidence')}>
            <table data-testid="evidence">
              <thead><tr><th scope="col">{t('review.evidenceKind')}</th><th scope="col">{t('review.evidenceConflict')}</th><th scope="col">{t('review.evidenceReason')}</th></tr></thead>
              <tbody>
                {match.evidence.map((e) => (
                  <tr key={e.kind} class={e.conflict ? 'conflict' : ''}>
                    <th scope="row">{labelOf(t, 'evidence', e.kind)}</th>
                    <td>{e.conflict ? t('common.yes') : t('common.no')}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('review.history')}</h2>
        <Loaded state={reviews}>{(history) => <History history={history} />}</Loaded>
      </section>
    </>
  );
}

function LocusTable({ loci, alleles }: { loci: readonly MatchLocus[]; alleles: AlleleTable | null }) {
  const { t } = useApp();
  const relatives = alleles?.relatives ?? [];
  const show = (a: readonly string[] | undefined) => (a === undefined ? t('common.dash') : a.join(', '));
  return (
    <TableScroll label={t('review.loci')}>
      <table class="loci">
        <thead>
          <tr>
            <th scope="col">{t('review.locus')}</th>
            <th scope="col">{t('review.foundAlleles')}</th>
            {relatives.map((r) => <th scope="col" key={r.id}>{r.label}</th>)}
            <th scope="col">{t('review.locusStatus')}</th>
            <th scope="col" class="num">{t('review.locusLog10')}</th>
          </tr>
        </thead>
        <tbody>
          {loci.map((l) => (
            <tr key={l.locus} data-testid="locus-row" class={`locus-${l.compared ? l.status : 'uncompared'}`}>
              <th scope="row">{l.locus}</th>
              <td>{show(alleles?.foundPerson(l.locus))}</td>
              {relatives.map((r) => <td key={r.id}>{show(alleles?.relative(r.id, l.locus))}</td>)}
              <td><span class={`locus-status status-${l.status}`}>{!l.compared ? t('review.notCompared')
                : l.status === 'mutation' && l.mutationSteps !== undefined ? t('locus.mutationSteps', { steps: l.mutationSteps })
                  : labelOf(t, 'locus', l.status)}</span></td>
              <td class="num">{formatLog10(l.log10LR)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * The alleles beside each locus, as the match carries them (an investigator's read, audited by
 * the service); one column per typed relative at any locus, named by its place in the family.
 * Null when the match has none (its found person's or family's record is gone).
 */
function allelesOf(t: Translate, match: MatchView, placed: CaseView['family']['relatives']): AlleleTable | null {
  if (!match.loci.some((l) => l.alleles !== undefined)) return null;
  const byLocus = new Map(match.loci.map((l) => [l.locus, l.alleles]));
  const ids = [...new Set(match.loci.flatMap((l) => Object.keys(l.alleles?.relatives ?? {})))];
  const relationship = new Map(placed.map((r) => [r.individualId, r.relationship]));
  return {
    relatives: ids.map((id) => {
      const rel = relationship.get(id);
      return { id, label: rel === undefined ? id : `${labelOf(t, 'rel', rel)} (${id})` };
    }),
    foundPerson: (locus) => byLocus.get(locus)?.foundPerson,
    relative: (id, locus) => byLocus.get(locus)?.relatives[id],
  };
}

/**
 * The claim against each competing relationship, highest LR first: the most likely one and those
 * the family cannot tell from the missing child are marked in their label, and the ratio of the
 * claim's LR to each says how strongly the DNA prefers the claim.
 */
function Alternatives({ match, alternatives }: { match: MatchView; alternatives: NonNullable<MatchView['alternatives']> }) {
  const { t } = useApp();
  const indistinguishable = new Set(match.indistinguishableRelationships ?? []);
  const claim = alternatives.find((a) => a.relationship === 'missingChild')?.log10LR ?? null;
  const rank = (v: number | null) => (v === null ? -Infinity : v);
  const sorted = [...alternatives].sort((a, b) => rank(b.log10LR) - rank(a.log10LR));
  const ratio = (v: number | null) => (claim === null ? t('common.dash') : v === null ? '∞' : formatLr(10 ** (claim - v), claim - v));
  return (
    <>
      <TableScroll label={t('review.alternatives')}>
        <table data-testid="alternatives">
          <thead>
            <tr>
              <th scope="col">{t('review.relationship')}</th>
              <th scope="col" class="num">{t('review.altLog10')}</th>
              <th scope="col" class="num">{t('candidates.lr')}</th>
              <th scope="col" class="num">{t('review.altRatio')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((a) => {
              const mostLikely = a.relationship === match.mostLikelyRelationship;
              const same = indistinguishable.has(a.relationship);
              return (
                <tr key={a.relationship} data-testid="alternative-row" class={[mostLikely ? 'most-likely' : '', same ? 'indistinguishable' : ''].join(' ').trim()}>
                  <th scope="row">
                    {labelOf(t, 'rel', a.relationship)}
                    {mostLikely && <span class="mark"> — {t('review.markMostLikely')}</span>}
                    {same && <span class="mark"> — {t('review.markIndistinguishable')}</span>}
                  </th>
                  <td class="num">{formatLog10(a.log10LR)}</td>
                  <td class="num">{formatLr(a.log10LR === null ? 0 : 10 ** a.log10LR, a.log10LR)}</td>
                  <td class="num">{a.relationship === 'missingChild' ? t('common.dash') : ratio(a.log10LR)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {indistinguishable.size > 0 && (
        <p class="note" data-testid="indistinguishable-note">
          {t('review.indistinguishableNote', { relationships: [...indistinguishable].map((r) => labelOf(t, 'rel', r)).join(', ') })}
        </p>
      )}
    </>
  );
}

function DecisionForm({ match, history, onDecided }: { match: MatchView; history: MatchReviewsView; onDecided: () => void }) {
  const { t, session } = useApp();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState<{ outcome: string; status: string } | null>(null);
  const closed = CLOSED_STATUSES.has(match.status);
  const decide = async (decision: 'confirm' | 'reject' | 'retest') => {
    setBusy(true);
    setError(undefined);
    setSaved(null);
    try {
      const result = await callApi<ReviewResultView>('POST', `/v1/matches/${encodeURIComponent(match.id)}/reviews`, {
        decision, ...(note.trim() ? { note: note.trim() } : {}),
      });
      setNote('');
      setSaved({ outcome: result.review.outcome, status: result.match.status });
      onDecided();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="decision">
      <ul class="rules">
        {history.confirmations.required > 1 && (
          <li data-testid="rule-two-investigators">{t('review.ruleTwo', { given: history.confirmations.given, required: history.confirmations.required })}</li>
        )}
        {session.reviewPolicy.requireRetestBeforeConfirm && <li data-testid="rule-retest">{t('review.ruleRetest')}</li>}
      </ul>
      {saved && (
        <p class="saved" role="status" data-testid="decision-result">
          {t('review.saved', { outcome: labelOf(t, 'outcome', saved.outcome), status: labelOf(t, 'matchStatus', saved.status) })}
        </p>
      )}
      {error !== undefined && <ProblemMessage error={error} />}
      {closed ? <p class="note">{t('review.closed', { status: labelOf(t, 'matchStatus', match.status) })}</p> : (
        <form onSubmit={(e) => e.preventDefault()}>
          <label for="review-note">{t('review.noteLabel')}</label>
          <textarea id="review-note" data-testid="decision-note" rows={3} maxLength={2000} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
          <div class="decision-buttons">
            <button type="button" class="confirm" data-testid="decision-confirm" disabled={busy} onClick={() => decide('confirm')}>{t('review.confirm')}</button>
            <button type="button" class="reject" data-testid="decision-reject" disabled={busy} onClick={() => decide('reject')}>{t('review.reject')}</button>
            <button type="button" class="secondary" data-testid="decision-retest" disabled={busy} onClick={() => decide('retest')}>{t('review.retest')}</button>
          </div>
          {busy && <p role="status">{t('review.working')}</p>}
        </form>
      )}
    </div>
  );
}

function History({ history }: { history: MatchReviewsView }) {
  const { t, language } = useApp();
  if (history.reviews.length === 0) return <p>{t('review.noHistory')}</p>;
  return (
    <TableScroll label={t('review.history')}>
      <table data-testid="review-history">
        <thead>
          <tr>
            <th scope="col">{t('review.at')}</th><th scope="col">{t('review.who')}</th><th scope="col">{t('review.decision')}</th>
            <th scope="col">{t('review.outcome')}</th><th scope="col">{t('review.statusChange')}</th><th scope="col">{t('review.note')}</th>
          </tr>
        </thead>
        <tbody>
          {history.reviews.map((r) => (
            <tr key={r.id} data-testid="review-row">
              <td>{formatDateTime(r.at, language)}</td>
              <td>{r.actor} ({r.org})</td>
              <td>{labelOf(t, 'decision', r.decision)}</td>
              <td>{labelOf(t, 'outcome', r.outcome)}</td>
              <td>{labelOf(t, 'matchStatus', r.matchStatusBefore)} → {labelOf(t, 'matchStatus', r.matchStatusAfter)}</td>
              <td>{r.note ?? t('common.dash')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
