import type { Problem } from './api-types';

/** A failed call: the HTTP status and the problem+json body when the service sent one (RFC 9457). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem | null) {
    super(problem?.detail ?? `HTTP ${status}`);
  }

  /** The stable code of `type: urn:reunion:<CODE>`, or null. */
  get code(): string | null {
    return this.problem?.type.startsWith('urn:reunion:') ? this.problem.type.slice('urn:reunion:'.length) : null;
  }
}

/** A call that never reached the service (network down, server stopped). */
export class NetworkError extends Error {}

let csrfToken: string | null = null;
let onSessionEnded: () => void = () => undefined;

/** The session's CSRF token, held in memory only (never in storage), sent on every state-changing call. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the service answers 401: the session expired or was revoked, so the page signs in again. */
export function onUnauthorized(listener: () => void): void {
  onSessionEnded = listener;
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).type === 'string' && typeof (body as Problem).status === 'number';
}

/**
 * Calls the documented /v1 API on this origin with the session cookie (HttpOnly: the page never
 * sees it). JSON in and out; a non-2xx answer throws {@link ApiError} with its problem.
 */
export async function callApi<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store', ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (e) {
    throw new NetworkError(e instanceof Error ? e.message : String(e));
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('Content-Type') ?? '';
  const data: unknown = type.includes('json') ? await res.json() : null;
  if (!res.ok) {
    if (res.status === 401 && path !== '/v1/session') onSessionEnded();
    throw new ApiError(res.status, isProblem(data) ? data : null);
  }
  return data as T;
}

/** A path with its query string; empty and undefined values are left out. */
export function withQuery(path: string, query: Readonly<Record<string, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}
