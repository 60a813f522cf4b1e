import { useState } from 'preact/hooks';
import { withQuery } from './api-client';
import type { CaseView, Page } from './api-types';
import { useApp } from './app-context';
import { labelOf, PagedTable, PageHeading, StatusBadge } from './common';
import { formatDateTime } from './format';
import { href } from './router';
import { useApi } from './use-api';

const CASE_STATUSES = ['open', 'candidate', 'retestRequested', 'reunited', 'closed', 'closedNoReunion'] as const;
const PAGE_SIZE = 20;

interface CaseFilters {
  readonly status: string;
  readonly alertId: string;
  readonly traffickingCaseNo: string;
}

const NO_FILTERS: CaseFilters = { status: '', alertId: '', traffickingCaseNo: '' };

/** GET /v1/cases with filters by status, alert id and trafficking case number, paged. */
export function CasesPage() {
  const { t, language } = useApp();
  const [draft, setDraft] = useState<CaseFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<CaseFilters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const state = useApi<Page<CaseView>>(withQuery('/v1/cases', { ...filters, limit: PAGE_SIZE, offset }));
  const apply = (next: CaseFilters) => {
    setFilters(next);
    setOffset(0);
  };
  return (
    <>
      <PageHeading>{t('cases.heading')}</PageHeading>
      <form class="filters" aria-label={t('cases.filters')} onSubmit={(e) => { e.preventDefault(); apply(draft); }}>
        <div class="field">
          <label for="filter-status">{t('cases.status')}</label>
          <select id="filter-status" data-testid="filter-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: (e.target as HTMLSelectElement).value })}>
            <option value="">{t('common.any')}</option>
            {CASE_STATUSES.map((s) => <option value={s} key={s}>{labelOf(t, 'caseStatus', s)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="filter-alert">{t('cases.alertId')}</label>
          <input id="filter-alert" data-testid="filter-alert-id" value={draft.alertId} onInput={(e) => setDraft({ ...draft, alertId: (e.target as HTMLInputElement).value.trim() })} />
        </div>
        <div class="field">
          <label for="filter-trafficking">{t('cases.traffickingCaseNo')}</label>
          <input id="filter-trafficking" data-testid="filter-trafficking" value={draft.traffickingCaseNo}
            onInput={(e) => setDraft({ ...draft, traffickingCaseNo: (e.target as HTMLInputElement).value.trim() })} />
        </div>
        <div class="field actions">
          <button type="submit" data-testid="apply-filters">{t('common.apply')}</button>
          <button type="button" class="secondary" onClick={() => { setDraft(NO_FILTERS); apply(NO_FILTERS); }}>{t('common.clear')}</button>
        </div>
      </form>
      <PagedTable
        state={state}
        label={t('cases.heading')}
        columns={[t('cases.alertId'), t('cases.traffickingCaseNo'), t('cases.status'), t('cases.child'), t('cases.missingSince'), t('cases.place'), t('cases.family'), t('cases.opened')]}
        row={(c) => (
          <tr key={c.id} data-testid="case-row">
            <th scope="row"><a href={href.case(c.id)}>{c.alertId ?? c.id}</a></th>
            <td>{c.traffickingCaseNo ?? t('common.dash')}</td>
            <td><StatusBadge kind="caseStatus" value={c.status} /></td>
            <td>{labelOf(t, 'sex', c.child.sex)}</td>
            <td>{c.child.missingSince}</td>
            <td>{c.child.place}</td>
            <td>{c.family.relatives.map((r) => labelOf(t, 'rel', r.relationship)).join(', ') || t('common.dash')}</td>
            <td>{formatDateTime(c.createdAt, language)}</td>
          </tr>
        )}
        onPage={setOffset}
      />
    </>
  );
}
