import type { MatchView } from './api-types';
import { useApp } from './app-context';
import { formatLog10, formatProbability, formatTenTo } from './format';

const ROW = 20;
const LABEL = 100;
const BAR_WIDTH = 400;
const VALUE = 56;

/**
 * Two small charts side by side (stacked on a narrow screen): the per-locus log10 LR as bars
 * around zero (where the evidence comes from), and the observed log10 LR against the family's
 * distribution for unrelated persons (how often chance alone reaches it), when the match carries
 * that distribution.
 */
export function LrChart({ match }: { match: MatchView }) {
  const { t } = useApp();
  const loci = match.loci.filter((l) => l.compared);
  const finite = loci.map((l) => l.log10LR).filter((v): v is number => v !== null);
  const scale = Math.max(1, ...finite.map(Math.abs));
  const zero = LABEL + BAR_WIDTH / 2;
  const unit = BAR_WIDTH / 2 / scale;
  const height = loci.length * ROW + 24;
  const distribution = match.unrelatedDistribution;
  return (
    <div class="lr-chart" data-testid="lr-chart">
      <div class="chart-part">
        <p id="chart-loci-title"><strong>{t('review.chartLoci')}</strong> — {t('review.chartLociDesc')}</p>
        <svg role="img" aria-labelledby="chart-loci-title" viewBox={`0 0 ${LABEL + BAR_WIDTH + VALUE} ${height}`} width={LABEL + BAR_WIDTH + VALUE} height={height}>
          <line class="axis" x1={zero} y1={0} x2={zero} y2={height - 20} />
          {loci.map((l, i) => {
            const v = l.log10LR;
            const length = v === null ? BAR_WIDTH / 2 : Math.abs(v) * unit;
            const x = v === null || v < 0 ? zero - length : zero;
            const y = i * ROW + 2;
            return (
              <g key={l.locus} class={`bar bar-${l.status}`}>
                <text x={LABEL - 6} y={y + 12} text-anchor="end" class="bar-label">{l.locus}</text>
                <rect x={x} y={y} width={Math.max(1, length)} height={ROW - 5} />
                <text x={LABEL + BAR_WIDTH + 4} y={y + 12} class="bar-value">{formatLog10(v)}</text>
              </g>
            );
          })}
          <text x={zero} y={height - 6} text-anchor="middle" class="axis-label">0</text>
          <text x={LABEL} y={height - 6} class="axis-label">{formatLog10(-scale)}</text>
          <text x={LABEL + BAR_WIDTH} y={height - 6} text-anchor="end" class="axis-label">{formatLog10(scale)}</text>
        </svg>
      </div>
      <div class="chart-part">
        {distribution && distribution.log10LR.length > 1
          ? <UnrelatedCurve points={distribution} observed={match.log10LR} exceedance={match.exceedance} />
          : <p class="note" data-testid="no-distribution">{t('review.chartNoDistribution')}</p>}
      </div>
    </div>
  );
}

/** Y-axis ticks every this many powers of ten, chosen so that about five ticks show. */
const tickStep = (decades: number) => [1, 2, 5, 10, 20, 50, 100].find((step) => decades / step <= 5) ?? 200;

function UnrelatedCurve({ points, observed, exceedance }: { points: NonNullable<MatchView['unrelatedDistribution']>; observed: number; exceedance: number | undefined }) {
  const { t } = useApp();
  const W = 560;
  const H = 240;
  const left = 64;
  const right = 16;
  const top = 12;
  const bottom = 40;
  const xs = [...points.log10LR, observed];
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const logs = points.exceedance.map((p) => Math.log10(Math.max(p, 1e-300)));
  const step = tickStep(-Math.min(-1, ...logs.filter(Number.isFinite)));
  const yMin = -step * Math.ceil(-Math.min(-1, ...logs.filter(Number.isFinite)) / step);
  const sx = (x: number) => left + ((x - xMin) / (xMax - xMin || 1)) * (W - left - right);
  const sy = (y: number) => top + (y / yMin) * (H - bottom - top);
  const path = points.log10LR.map((x, i) => `${i === 0 ? 'M' : 'L'} ${sx(x).toFixed(1)} ${sy(logs[i]!).toFixed(1)}`).join(' ');
  const ticks = Array.from({ length: -yMin / step + 1 }, (_, i) => -i * step);
  const pointY = exceedance !== undefined && exceedance > 0 ? sy(Math.max(yMin, Math.log10(exceedance))) : null;
  return (
    <>
      <p id="chart-unrelated-title"><strong>{t('review.chartUnrelated')}</strong> — {t('review.chartUnrelatedDesc')}</p>
      <svg role="img" aria-labelledby="chart-unrelated-title chart-unrelated-point" viewBox={`0 0 ${W} ${H}`} width={W} height={H} data-testid="unrelated-curve">
        {ticks.map((y) => (
          <g key={y}>
            <line class="grid" x1={left} y1={sy(y)} x2={W - right} y2={sy(y)} />
            <text x={left - 6} y={sy(y) + 4} text-anchor="end" class="axis-label">{y === 0 ? '1' : formatTenTo(y)}</text>
          </g>
        ))}
        <line class="axis" x1={left} y1={H - bottom} x2={W - right} y2={H - bottom} />
        <line class="axis" x1={left} y1={top} x2={left} y2={H - bottom} />
        <path class="curve" d={path} />
        <line class="observed" x1={sx(observed)} y1={top} x2={sx(observed)} y2={H - bottom} />
        {pointY !== null && <circle class="observed-point" cx={sx(observed)} cy={pointY} r={4} />}
        {/* Below and left of the point: the curve falls from left to right, so that corner is clear of it. */}
        {pointY !== null && (
          <text x={sx(observed) - 8} y={pointY + 18} text-anchor="end" class="observed-label">
            {formatProbability(exceedance)}
          </text>
        )}
        <text x={left} y={H - bottom + 16} text-anchor="middle" class="axis-label">{formatLog10(xMin)}</text>
        <text x={W - right} y={H - bottom + 16} text-anchor="end" class="axis-label">{formatLog10(xMax)}</text>
        <text x={sx(observed)} y={H - bottom + 16} text-anchor="middle" class="axis-label observed-label">{formatLog10(observed)}</text>
        <text x={(left + W - right) / 2} y={H - 4} text-anchor="middle" class="axis-label">{t('review.chartAxisLr')}</text>
      </svg>
      {exceedance !== undefined && (
        <p id="chart-unrelated-point" class="note">{t('review.chartPoint', { lr: formatLog10(observed), p: formatProbability(exceedance) ?? '' })}</p>
      )}
    </>
  );
}
