import type { StatsView } from './api-types';
import { useApp } from './app-context';
import { Facts, labelOf, Loaded, PageHeading } from './common';
import { formatDateTime } from './format';
import { useApi } from './use-api';

const DAY_MS = 86_400_000;

/** GET /v1/stats: the service's figures and a bar chart of cases by status. */
export function StatsPage() {
  const { t, language } = useApp();
  const state = useApi<StatsView>('/v1/stats');
  const days = (ms: number | null) => (ms === null ? t('common.dash') : t('stats.days', { n: (ms / DAY_MS).toFixed(1) }));
  return (
    <>
      <PageHeading>{t('stats.heading')}</PageHeading>
      <Loaded state={state}>
        {(s) => (
          <>
            <Facts label={t('stats.heading')} rows={[
              [t('stats.alerts'), s.alertsRegistered],
              [t('stats.cases'), s.cases.total],
              [t('stats.openCases'), s.cases.open],
              [t('stats.foundPersons'), s.foundPersons.total],
              [t('stats.candidates'), s.candidates],
              [t('stats.reunions'), s.reunions],
              [t('stats.medianUpload'), days(s.medianUploadToCandidateMs)],
              [t('stats.medianReunion'), days(s.medianCandidateToReunionMs)],
            ]} />
            <h2>{t('stats.byStatus')}</h2>
            <StatusChart counts={s.cases.byStatus} />
            <p class="note">{t('stats.generatedAt', { at: formatDateTime(s.generatedAt, language) })}</p>
          </>
        )}
      </Loaded>
    </>
  );
}

function StatusChart({ counts }: { counts: Readonly<Record<string, number>> }) {
  const { t } = useApp();
  const entries = Object.entries(counts);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const row = 26;
  const label = 150;
  const bar = 260;
  return (
    <svg data-testid="stats-chart" role="img" aria-label={t('stats.chartDesc')} viewBox={`0 0 ${label + bar + 50} ${entries.length * row}`}
      width={label + bar + 50} height={entries.length * row} class="stats-chart">
      {entries.map(([status, n], i) => (
        <g key={status} class="bar">
          <text x={label - 8} y={i * row + 17} text-anchor="end">{labelOf(t, 'caseStatus', status)}</text>
          <rect x={label} y={i * row + 4} width={Math.max(1, (n / max) * bar)} height={row - 8} />
          <text x={label + (n / max) * bar + 6} y={i * row + 17}>{n}</text>
        </g>
      ))}
    </svg>
  );
}
