import type { ComponentChildren } from 'preact';
import { ApiError, NetworkError } from './api-client';
import type { Page } from './api-types';
import { useApp, type Translate } from './app-context';
import { isMessageKey, type MessageKey } from './messages';

/** A label for an API value (a status, a relationship, a flag) from the catalogue, or the value itself. */
export function labelOf(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? t(key) : value;
}

export function Loading() {
  const { t } = useApp();
  return <p class="loading" role="status" aria-live="polite" data-testid="loading">{t('common.loading')}</p>;
}

/** A failed call as a readable message: refusals and known codes in the page's language, else the service's problem detail. */
export function ProblemMessage({ error }: { error: unknown }) {
  const { t, session } = useApp();
  let text: string;
  let detail: string | null = null;
  let requestId: string | null = null;
  let testId = 'problem';
  if (error instanceof ApiError) {
    requestId = error.problem?.instance ?? null;
    const codeKey = `error.code.${error.code ?? ''}`;
    if (error.status === 403 && error.code === 'FORBIDDEN' && session.role !== 'investigator') {
      text = t('error.forbidden', { role: session.role });
      testId = 'forbidden';
    } else if (error.status === 404) {
      text = t('error.notFound');
    } else {
      text = isMessageKey(codeKey) ? t(codeKey as MessageKey) : (error.problem?.title ?? t('error.heading'));
      detail = error.problem?.detail ?? null;
    }
  } else if (error instanceof NetworkError) {
    text = t('error.network');
  } else {
    text = t('error.heading');
    detail = error instanceof Error ? error.message : String(error);
  }
  return (
    <div class="problem" role="alert" data-testid={testId}>
      <p class="problem-text">{text}</p>
      {detail && <p class="problem-detail">{detail}</p>}
      {requestId && <p class="problem-id">{t('common.requestId', { id: requestId })}</p>}
    </div>
  );
}

/**
 * Loading, error or the content: every page's three states. While a reload runs, the content
 * stays (with a loading line) so that a form and its message are not torn down under the user.
 */
export function Loaded<T>({ state, children }: { state: { data: T | undefined; error: unknown; loading: boolean }; children: (data: T) => ComponentChildren }) {
  if (state.error !== undefined) return <ProblemMessage error={state.error} />;
  if (state.data === undefined) return <Loading />;
  return <>{state.loading && <Loading />}{children(state.data)}</>;
}

export function Dash() {
  const { t } = useApp();
  return <span class="dash" aria-label="—">{t('common.dash')}</span>;
}

/** A value, or a dash when it is absent (fields a match gains with the Evidence work). */
export function OrDash({ value }: { value: string | number | null | undefined }) {
  return value === null || value === undefined ? <Dash /> : <>{value}</>;
}

export function StatusBadge({ kind, value, testId }: { kind: 'caseStatus' | 'matchStatus' | 'fpStatus'; value: string; testId?: string }) {
  const { t } = useApp();
  return <span class={`badge badge-${kind}-${value}`} data-testid={testId}>{labelOf(t, kind, value)}</span>;
}

/** A term–value list (the facts of a case or a match). */
export function Facts({ rows, label }: { rows: ReadonlyArray<readonly [string, ComponentChildren]>; label: string }) {
  return (
    <dl class="facts" aria-label={label}>
      {rows.map(([term, value]) => (
        <div class="fact" key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Previous / next over a paged list, with "1–20 of 57". */
export function Pager({ offset, limit, total, onChange }: { offset: number; limit: number; total: number; onChange: (offset: number) => void }) {
  const { t } = useApp();
  if (total === 0) return null;
  return (
    <nav class="pager" aria-label={t('common.pageRange', { from: offset + 1, to: Math.min(offset + limit, total), total })}>
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>{t('common.previous')}</button>
      <span aria-live="polite">{t('common.pageRange', { from: offset + 1, to: Math.min(offset + limit, total), total })}</span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onChange(offset + limit)}>{t('common.next')}</button>
    </nav>
  );
}

/** A table that scrolls sideways on a narrow screen instead of breaking the page. */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>{children}</div>;
}

/** A loaded page of records as a labelled table with its column headings, rows and pager ("none" when empty). */
export function PagedTable<T>({ state, label, columns, row, onPage }: {
  state: { data: Page<T> | undefined; error: unknown; loading: boolean };
  label: string;
  columns: readonly string[];
  row: (item: T) => ComponentChildren;
  onPage: (offset: number) => void;
}) {
  const { t } = useApp();
  return (
    <Loaded state={state}>
      {(page) => page.items.length === 0 ? <p>{t('common.none')}</p> : (
        <>
          <TableScroll label={label}>
            <table>
              <thead>
                <tr>{columns.map((c) => <th scope="col" key={c}>{c}</th>)}</tr>
              </thead>
              <tbody>{page.items.map(row)}</tbody>
            </table>
          </TableScroll>
          <Pager offset={page.offset} limit={page.limit} total={page.total} onChange={onPage} />
        </>
      )}
    </Loaded>
  );
}

/** The page heading, focused on arrival so keyboard and screen-reader users start at the content. */
export function PageHeading({ children }: { children: ComponentChildren }) {
  return <h1 id="page-heading" tabIndex={-1}>{children}</h1>;
}
