import { isSearchedCase, isSearchedFoundPerson, type FoundPerson, type MissingCase } from '../domain';
import type { ChangeListener, StoreChange } from './store';

/** The listeners of one store, called in registration order after a commit that recorded changes. */
export class ChangeListeners {
  private readonly listeners = new Set<ChangeListener>();

  add(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async notify(): Promise<void> {
    for (const listener of [...this.listeners]) await listener();
  }
}

/** The change entry (without its sequence number) of a case write. */
export function caseChange(c: MissingCase): Omit<StoreChange, 'seq'> {
  return { kind: 'family', id: c.id, op: isSearchedCase(c.status) ? 'upsert' : 'remove' };
}

/** The change entry (without its sequence number) of a found-person write. */
export function foundPersonChange(p: FoundPerson): Omit<StoreChange, 'seq'> {
  return { kind: 'foundPerson', id: p.id, op: isSearchedFoundPerson(p.status) ? 'upsert' : 'remove' };
}
