import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Session } from './api-types';
import { translate, type Language, type MessageKey } from './messages';

export interface AppContextValue {
  readonly language: Language;
  readonly session: Session;
}

export const AppContext = createContext<AppContextValue | null>(null);

export type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

/** The page's language, a translator bound to it, and the signed-in session. */
export function useApp(): AppContextValue & { t: Translate } {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside the signed-in application');
  return { ...value, t: (key, params) => translate(value.language, key, params) };
}
