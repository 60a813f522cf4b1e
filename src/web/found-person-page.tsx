import { useState } from 'preact/hooks';
import { withQuery } from './api-client';
import type { FoundPersonView, MatchPage } from './api-types';
import { useApp } from './app-context';
import { CandidatesTable } from './candidates-table';
import { Facts, Loaded, PageHeading, StatusBadge } from './common';
import { useApi } from './use-api';

const PAGE_SIZE = 20;

/** One found person and the families that are candidates for them. */
export function FoundPersonPage({ id }: { id: string }) {
  const { t } = useApp();
  const [offset, setOffset] = useState(0);
  const person = useApi<FoundPersonView>(`/v1/found-persons/${encodeURIComponent(id)}`);
  const candidates = useApi<MatchPage>(withQuery(`/v1/found-persons/${encodeURIComponent(id)}/candidates`, { limit: PAGE_SIZE, offset }));
  return (
    <>
      <PageHeading>{t('foundPerson.heading', { id })}</PageHeading>
      <Loaded state={person}>
        {(p) => (
          <Facts label={t('case.facts')} rows={[
            [t('cases.status'), <StatusBadge kind="fpStatus" value={p.status} />],
            [t('foundPersons.foundAt'), p.foundAt],
            [t('foundPersons.place'), p.place],
            [t('foundPersons.birthYear'), p.estimatedBirthYear ?? t('common.dash')],
            [t('foundPerson.notes'), p.notes ?? t('common.dash')],
          ]} />
        )}
      </Loaded>
      <h2>{t('foundPersons.candidates')}</h2>
      <Loaded state={candidates}>{(page) => <CandidatesTable page={page} side="case" onPage={setOffset} />}</Loaded>
    </>
  );
}
