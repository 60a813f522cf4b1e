import { useState } from 'preact/hooks';
import { callApi } from './api-client';
import type { FamilyPowerView } from './api-types';
import { useApp } from './app-context';
import { labelOf, Loading, ProblemMessage, TableScroll } from './common';
import { formatExpectedCount } from './format';

const percent = (p: number) => `${(p * 100).toFixed(1)} %`;
const points = (gain: number) => `${gain >= 0 ? '+' : '−'}${(Math.abs(gain) * 100).toFixed(1)}`;

/**
 * The family's power (GET /v1/cases/{id}/power): how likely the true child would meet the policy
 * once found, and how much typing each missing relative would add. Asked for with a button,
 * because the service simulates a few hundred children to answer (a second or two).
 */
export function PowerPanel({ caseId }: { caseId: string }) {
  const { t } = useApp();
  const [state, setState] = useState<{ data?: FamilyPowerView; error?: unknown; loading: boolean }>({ loading: false });
  const estimate = async () => {
    setState({ loading: true });
    try {
      setState({ data: await callApi<FamilyPowerView>('GET', `/v1/cases/${encodeURIComponent(caseId)}/power`), loading: false });
    } catch (error) {
      setState({ error, loading: false });
    }
  };
  const power = state.data;
  return (
    <>
      <p class="note">{t('power.help')}</p>
      <button type="button" class="secondary" data-testid="power-estimate" disabled={state.loading} onClick={estimate}>
        {power ? t('power.again') : t('power.estimate')}
      </button>
      {state.loading && <Loading />}
      {state.error !== undefined && <ProblemMessage error={state.error} />}
      <div aria-live="polite">
        {power && !state.loading && (
          <div data-testid="power">
            <p>{t('power.probability', { p: percent(power.probabilityMeetsPolicy), n: power.simulations })}</p>
            <p>{t('power.expectedFalse', { n: formatExpectedCount(power.expectedFalseCandidates) })}</p>
            {power.relatives.length === 0 ? <p>{t('power.noRelatives')}</p> : (
              <TableScroll label={t('power.next')}>
                <table>
                  <caption>{t('power.next')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('power.relative')}</th>
                      <th scope="col" class="num">{t('power.withRelative')}</th>
                      <th scope="col" class="num">{t('power.gain')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {power.relatives.map((r) => (
                      <tr key={r.individualId} data-testid="power-row">
                        <th scope="row">
                          {r.relationship ? labelOf(t, 'rel', r.relationship) : r.individualId}
                          {r.isNew ? ` (${t('power.new')})` : ` (${r.individualId})`}
                        </th>
                        <td class="num">{percent(r.probabilityMeetsPolicy)}</td>
                        <td class="num">{points(r.gain)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </div>
        )}
      </div>
    </>
  );
}
