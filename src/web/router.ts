/**
 * The page's routes live in the URL fragment (#/cases/…): the server serves one file, a reload
 * keeps the page, and the fragment holds record ids only — never a key or a token.
 */
export type Route =
  | { readonly page: 'cases' }
  | { readonly page: 'foundPersons' }
  | { readonly page: 'foundPerson'; readonly id: string }
  | { readonly page: 'case'; readonly id: string }
  | { readonly page: 'match'; readonly id: string }
  | { readonly page: 'stats' };

const ID = '([A-Za-z0-9_.:-]{1,100})';
const PATTERNS: ReadonlyArray<readonly [RegExp, (id: string) => Route]> = [
  [new RegExp(`^#/cases/${ID}$`), (id) => ({ page: 'case', id })],
  [new RegExp(`^#/matches/${ID}$`), (id) => ({ page: 'match', id })],
  [new RegExp(`^#/found-persons/${ID}$`), (id) => ({ page: 'foundPerson', id })],
];

export function parseRoute(hash: string): Route {
  for (const [pattern, make] of PATTERNS) {
    const m = pattern.exec(hash);
    if (m) return make(decodeURIComponent(m[1]!));
  }
  if (hash === '#/found-persons') return { page: 'foundPersons' };
  if (hash === '#/stats') return { page: 'stats' };
  return { page: 'cases' };
}

export const href = {
  cases: () => '#/cases',
  foundPersons: () => '#/found-persons',
  foundPerson: (id: string) => `#/found-persons/${encodeURIComponent(id)}`,
  case: (id: string) => `#/cases/${encodeURIComponent(id)}`,
  match: (id: string) => `#/matches/${encodeURIComponent(id)}`,
  stats: () => '#/stats',
};
