import type { PedigreeDrawing } from './api-types';
import { useApp } from './app-context';
import { labelOf } from './common';

const COLUMN = 96;
const ROW = 112;
const SYMBOL = 36;
const MARGIN = 48;

/**
 * The family in standard pedigree symbols (Bennett et al. 2008, J Genet Counsel 17:424): squares
 * for males, circles for females, typed members shaded, the missing child marked with an arrow
 * (the proband's mark) and a question mark. The layout comes from GET /v1/cases/{id}/pedigree/drawing,
 * the same one the PDF report draws.
 */
export function PedigreeSvg({ drawing, caseId }: { drawing: PedigreeDrawing; caseId: string }) {
  const { t } = useApp();
  const width = MARGIN * 2 + (drawing.width - 1) * COLUMN;
  const height = MARGIN * 2 + (drawing.height - 1) * ROW + 28;
  const px = (x: number) => MARGIN + x * COLUMN;
  const py = (y: number) => MARGIN + y * ROW;
  const half = SYMBOL / 2;
  return (
    <figure class="pedigree">
      <svg
        data-testid="pedigree" role="img" aria-labelledby="pedigree-title pedigree-desc" viewBox={`0 0 ${width} ${height}`}
        width={width} height={height} class="pedigree-svg"
      >
        <title id="pedigree-title">{t('case.pedigreeTitle', { id: caseId })}</title>
        <desc id="pedigree-desc">{t('case.pedigreeDesc')}</desc>
        <g class="pedigree-lines">
          {drawing.lines.map((l, i) => <line key={i} x1={px(l.x1)} y1={py(l.y1)} x2={px(l.x2)} y2={py(l.y2)} />)}
        </g>
        {drawing.members.map((m) => {
          const cx = px(m.x);
          const cy = py(m.y);
          const cls = `member ${m.typed ? 'typed' : 'untyped'}${m.missing ? ' missing' : ''}`;
          return (
            <g key={m.id} class={cls} data-member={m.id} data-sex={m.sex} data-typed={String(m.typed)} data-missing={String(m.missing)}>
              {m.sex === 'male'
                ? <rect x={cx - half} y={cy - half} width={SYMBOL} height={SYMBOL} />
                : <circle cx={cx} cy={cy} r={half} />}
              {m.missing && (
                <>
                  <text x={cx} y={cy + 7} class="missing-mark" text-anchor="middle">?</text>
                  <path class="proband-arrow" d={`M ${cx - half - 22} ${cy + half + 14} L ${cx - half - 3} ${cy + half - 3} M ${cx - half - 3} ${cy + half - 3} l -9 1 M ${cx - half - 3} ${cy + half - 3} l -1 9`} />
                </>
              )}
              <text x={cx} y={cy + half + 16} text-anchor="middle" class="member-id">{m.id}</text>
              {m.relationship && <text x={cx} y={cy + half + 30} text-anchor="middle" class="member-rel">{labelOf(t, 'rel', m.relationship)}</text>}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="legend">
          <li><svg width="16" height="16" aria-hidden="true"><rect class="legend-typed" x="1" y="1" width="14" height="14" /></svg>{t('case.legend.typed')}</li>
          <li><svg width="16" height="16" aria-hidden="true"><rect class="legend-untyped" x="1" y="1" width="14" height="14" /></svg>{t('case.legend.untyped')}</li>
          <li><svg width="16" height="16" aria-hidden="true"><circle class="legend-missing" cx="8" cy="8" r="7" /></svg>{t('case.legend.missing')}</li>
        </ul>
      </figcaption>
    </figure>
  );
}
