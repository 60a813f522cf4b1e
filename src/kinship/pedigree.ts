/**
 * Pedigrees: individuals {id, father, mother, sex} as in the kinship case format
 * (test/fixtures/kinship-cases/README.md §1.5), validated and compiled to index arrays.
 */
import { PedigreeError } from './kinship-error';

export type Sex = 'male' | 'female';

export interface Individual {
  readonly id: string;
  readonly father?: string | null;
  readonly mother?: string | null;
  readonly sex?: Sex | null;
}

export const SEX_UNKNOWN = 0;
export const SEX_MALE = 1;
export const SEX_FEMALE = 2;

export interface CompiledPedigree {
  /** Number of individuals, including parents added for a child with one parent given. */
  readonly size: number;
  readonly ids: readonly string[];
  /** Parent indices, -1 for a founder. */
  readonly father: Int32Array;
  readonly mother: Int32Array;
  /** SEX_UNKNOWN, SEX_MALE or SEX_FEMALE; parents always have a sex (given or implied by the role). */
  readonly sex: Int8Array;
  readonly children: readonly (readonly number[])[];
  /** True for an untyped parent added because only the other parent was given. */
  readonly synthetic: readonly boolean[];
  /** Index of an id, or -1. */
  indexOf(id: string): number;
}

/**
 * Validates and compiles a pedigree. Each individual has both parents or none; when only one is
 * given, the other becomes an extra untyped founder of the required sex (README §1.5), one per child.
 * @param label names the pedigree in error messages (e.g. `case "x", h1`).
 * @throws PedigreeError listing every problem: empty pedigree, missing or duplicate id, unknown
 *   parent, a person who is their own parent, parent sex (a father must be male, a mother female,
 *   nobody both), invalid sex, cycles.
 */
export function compilePedigree(individuals: readonly Individual[], label = 'pedigree'): CompiledPedigree {
  if (!Array.isArray(individuals) || individuals.length === 0) throw new PedigreeError(`${label}: must list at least one individual`);
  const problems: string[] = [];
  const ids: string[] = [];
  const index = new Map<string, number>();
  individuals.forEach((person, i) => {
    const id = typeof person?.id === 'string' ? person.id : undefined;
    if (id === undefined || id === '') {
      problems.push(`individual #${i + 1} has no id`);
      ids.push(`#${i + 1}`);
      return;
    }
    if (index.has(id)) problems.push(`id "${id}" is used twice`);
    else index.set(id, i);
    ids.push(id);
  });
  const size0 = individuals.length;
  const fatherIds: (string | null)[] = [];
  const motherIds: (string | null)[] = [];
  const sex: number[] = [];
  individuals.forEach((person, i) => {
    const id = ids[i]!;
    const s = person?.sex ?? null;
    if (s !== null && s !== 'male' && s !== 'female') problems.push(`"${id}": sex must be "male" or "female", got ${JSON.stringify(s)}`);
    sex.push(s === 'male' ? SEX_MALE : s === 'female' ? SEX_FEMALE : SEX_UNKNOWN);
    fatherIds.push(readParent(person?.father, id, 'father', index, problems));
    motherIds.push(readParent(person?.mother, id, 'mother', index, problems));
    if (fatherIds[i] !== null && fatherIds[i] === motherIds[i]) problems.push(`"${id}": father and mother are the same person "${fatherIds[i]}"`);
  });
  for (let i = 0; i < size0; i++) {
    checkParentSex(fatherIds[i]!, SEX_MALE, 'father', ids[i]!, index, sex, problems);
    checkParentSex(motherIds[i]!, SEX_FEMALE, 'mother', ids[i]!, index, sex, problems);
  }
  if (problems.length > 0) throw new PedigreeError(`${label}: ${problems.join('; ')}`);

  const father: number[] = fatherIds.map((f) => (f === null ? -1 : index.get(f)!));
  const mother: number[] = motherIds.map((m) => (m === null ? -1 : index.get(m)!));
  const synthetic: boolean[] = ids.map(() => false);
  for (let i = 0; i < size0; i++) {
    if ((father[i] === -1) === (mother[i] === -1)) continue;
    const role = father[i] === -1 ? 'father' : 'mother';
    const extra = uniqueId(`(${role} of ${ids[i]})`, index);
    index.set(extra, ids.length);
    ids.push(extra);
    sex.push(role === 'father' ? SEX_MALE : SEX_FEMALE);
    father.push(-1);
    mother.push(-1);
    synthetic.push(true);
    if (role === 'father') father[i] = ids.length - 1;
    else mother[i] = ids.length - 1;
  }
  const size = ids.length;
  const children: number[][] = ids.map(() => []);
  for (let i = 0; i < size; i++) {
    if (father[i]! >= 0) children[father[i]!]!.push(i);
    if (mother[i]! >= 0) children[mother[i]!]!.push(i);
  }
  const cycle = findCycle(size, father, mother, ids);
  if (cycle) throw new PedigreeError(`${label}: the pedigree has a cycle (${cycle} is their own ancestor)`);
  return Object.freeze({
    size,
    ids,
    father: Int32Array.from(father),
    mother: Int32Array.from(mother),
    sex: Int8Array.from(sex),
    children,
    synthetic,
    indexOf: (id: string) => index.get(id) ?? -1,
  });
}

function readParent(raw: unknown, id: string, role: string, index: ReadonlyMap<string, number>, problems: string[]): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string' || raw === '') {
    problems.push(`"${id}": ${role} must be an id or null, got ${JSON.stringify(raw)}`);
    return null;
  }
  if (raw === id) {
    problems.push(`"${id}" is their own ${role}`);
    return null;
  }
  if (!index.has(raw)) {
    problems.push(`"${id}": ${role} "${raw}" is not in the pedigree`);
    return null;
  }
  return raw;
}

function checkParentSex(
  parent: string | null,
  required: number,
  role: string,
  childId: string,
  index: ReadonlyMap<string, number>,
  sex: number[],
  problems: string[],
): void {
  if (parent === null) return;
  const p = index.get(parent)!;
  if (sex[p] === SEX_UNKNOWN) sex[p] = required;
  else if (sex[p] !== required) {
    problems.push(`"${parent}" is the ${role} of "${childId}" but is ${sex[p] === SEX_MALE ? 'male' : 'female'} (or also a ${role === 'father' ? 'mother' : 'father'})`);
  }
}

function uniqueId(base: string, index: ReadonlyMap<string, number>): string {
  let id = base;
  while (index.has(id)) id += "'";
  return id;
}

/** Kahn's algorithm over parent → child edges; returns the id of a person on a cycle, if any. */
function findCycle(size: number, father: readonly number[], mother: readonly number[], ids: readonly string[]): string | undefined {
  const pending = new Int32Array(size);
  const kids: number[][] = ids.map(() => []);
  for (let i = 0; i < size; i++) {
    for (const p of [father[i]!, mother[i]!]) {
      if (p >= 0) {
        pending[i]!++;
        kids[p]!.push(i);
      }
    }
  }
  const queue: number[] = [];
  for (let i = 0; i < size; i++) if (pending[i] === 0) queue.push(i);
  let seen = 0;
  while (queue.length > 0) {
    const u = queue.pop()!;
    seen++;
    for (const c of kids[u]!) if (--pending[c]! === 0) queue.push(c);
  }
  if (seen === size) return undefined;
  for (let i = 0; i < size; i++) if (pending[i]! > 0) return ids[i];
  return undefined;
}
