import { useState } from 'preact/hooks';
import { withQuery } from './api-client';
import type { CaseView, MatchPage, PedigreeDrawing } from './api-types';
import { useApp } from './app-context';
import { CandidatesTable } from './candidates-table';
import { Facts, labelOf, Loaded, PageHeading, StatusBadge } from './common';
import { PedigreeSvg } from './pedigree-svg';
import { PowerPanel } from './power-panel';
import { useApi } from './use-api';

const PAGE_SIZE = 20;

/** A case: the missing child, the family drawn as a pedigree, its candidates ranked by LR, and (on demand) its power. */
export function CasePage({ id }: { id: string }) {
  const { t } = useApp();
  const [offset, setOffset] = useState(0);
  const path = `/v1/cases/${encodeURIComponent(id)}`;
  const found = useApi<CaseView>(path);
  const drawing = useApi<PedigreeDrawing>(`${path}/pedigree/drawing`);
  const candidates = useApi<MatchPage>(withQuery(`${path}/candidates`, { limit: PAGE_SIZE, offset }));
  return (
    <>
      <PageHeading>
        {found.data?.alertId ? t('case.heading', { alertId: found.data.alertId }) : t('case.headingNoAlert', { id })}
      </PageHeading>
      <Loaded state={found}>
        {(c) => (
          <section aria-labelledby="facts-heading">
            <h2 id="facts-heading">{t('case.facts')}</h2>
            <Facts label={t('case.facts')} rows={[
              [t('cases.status'), <StatusBadge kind="caseStatus" value={c.status} testId="case-status" />],
              [t('cases.alertId'), c.alertId ?? t('common.dash')],
              [t('cases.traffickingCaseNo'), c.traffickingCaseNo ?? t('common.dash')],
              [t('case.sex'), labelOf(t, 'sex', c.child.sex)],
              [t('case.birthDate'), c.child.birthDate ?? t('common.dash')],
              [t('cases.missingSince'), c.child.missingSince],
              [t('cases.place'), c.child.place],
              [t('case.population'), c.population],
            ]} />
          </section>
        )}
      </Loaded>
      <section aria-labelledby="pedigree-heading">
        <h2 id="pedigree-heading">{t('case.pedigree')}</h2>
        <Loaded state={drawing}>{(d) => <PedigreeSvg drawing={d} caseId={id} />}</Loaded>
      </section>
      <section aria-labelledby="candidates-heading">
        <h2 id="candidates-heading">{t('case.candidates')}</h2>
        <Loaded state={candidates}>{(page) => <CandidatesTable page={page} side="foundPerson" onPage={setOffset} />}</Loaded>
      </section>
      <section aria-labelledby="power-heading">
        <h2 id="power-heading">{t('power.heading')}</h2>
        <PowerPanel caseId={id} />
      </section>
    </>
  );
}
