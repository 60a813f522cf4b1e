import { useState } from 'preact/hooks';
import { withQuery } from './api-client';
import type { FoundPersonView, Page } from './api-types';
import { useApp } from './app-context';
import { labelOf, PagedTable, PageHeading, StatusBadge } from './common';
import { shortId } from './format';
import { href } from './router';
import { useApi } from './use-api';

const FOUND_PERSON_STATUSES = ['unidentified', 'candidate', 'identified'] as const;
const PAGE_SIZE = 20;

/** GET /v1/found-persons filtered by status, paged. */
export function FoundPersonsPage() {
  const { t } = useApp();
  const [draft, setDraft] = useState('');
  const [status, setStatus] = useState('');
  const [offset, setOffset] = useState(0);
  const state = useApi<Page<FoundPersonView>>(withQuery('/v1/found-persons', { status, limit: PAGE_SIZE, offset }));
  return (
    <>
      <PageHeading>{t('foundPersons.heading')}</PageHeading>
      <form class="filters" aria-label={t('foundPersons.filters')} onSubmit={(e) => { e.preventDefault(); setStatus(draft); setOffset(0); }}>
        <div class="field">
          <label for="filter-fp-status">{t('cases.status')}</label>
          <select id="filter-fp-status" value={draft} onChange={(e) => setDraft((e.target as HTMLSelectElement).value)}>
            <option value="">{t('common.any')}</option>
            {FOUND_PERSON_STATUSES.map((s) => <option value={s} key={s}>{labelOf(t, 'fpStatus', s)}</option>)}
          </select>
        </div>
        <div class="field actions">
          <button type="submit">{t('common.apply')}</button>
        </div>
      </form>
      <PagedTable
        state={state}
        label={t('foundPersons.heading')}
        columns={[t('foundPersons.id'), t('cases.status'), t('foundPersons.foundAt'), t('foundPersons.place'), t('foundPersons.birthYear')]}
        row={(p) => (
          <tr key={p.id} data-testid="found-person-row">
            <th scope="row"><a href={href.foundPerson(p.id)} title={p.id}>{shortId(p.id)}</a></th>
            <td><StatusBadge kind="fpStatus" value={p.status} /></td>
            <td>{p.foundAt}</td>
            <td>{p.place}</td>
            <td>{p.estimatedBirthYear ?? t('common.dash')}</td>
          </tr>
        )}
        onPage={setOffset}
      />
    </>
  );
}
