import { z } from 'zod';
import { Id, Sex } from './common';

/**
 * One member of a pedigree, in the kinship case format (test/fixtures/kinship-cases/README.md §1.5):
 * `father` / `mother` are ids of members of the same pedigree, or null for a founder.
 */
export const Individual = z
  .object({
    id: z.string().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
    father: z.string().min(1).nullable().default(null),
    mother: z.string().min(1).nullable().default(null),
    sex: Sex,
  })
  .strict()
  .meta({ id: 'Individual' });
export type Individual = z.output<typeof Individual>;

/**
 * A reference family: the members, the missing member, and which members are typed by which
 * profile. `individuals` + `missing` are directly a `missingPerson` case of the kinship engine.
 */
export interface Pedigree {
  readonly missing: string;
  readonly individuals: readonly Individual[];
  /** individual id -> profile id of the typed relative */
  readonly typed: Readonly<Record<string, string>>;
}

export const PedigreeSchema = z
  .object({
    missing: z.string(),
    individuals: z.array(Individual),
    typed: z.record(z.string(), Id).meta({ description: 'individual id -> profile id' }),
  })
  .meta({ id: 'Pedigree' });

export const PedigreeInput = z
  .object({
    individuals: z.array(Individual).min(2).max(60),
    typed: z.record(z.string(), Id).meta({ description: 'individual id -> profile id of a reference profile' }),
    missing: z.string().min(1).meta({ description: 'id of the missing child; never typed' }),
  })
  .strict()
  .meta({
    id: 'PedigreeInput',
    description: 'any family, in the kinship case format',
    example: {
      individuals: [
        { id: 'FA', father: null, mother: null, sex: 'male' },
        { id: 'MO', father: null, mother: null, sex: 'female' },
        { id: 'MP', father: 'FA', mother: 'MO', sex: 'female' },
      ],
      typed: { FA: 'prf_…' },
      missing: 'MP',
    },
  });
export type PedigreeInput = z.output<typeof PedigreeInput>;

export interface PedigreeIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Structural checks of a pedigree: duplicate ids, unknown parents, one parent only, a father who
 * is not male or a mother who is not female, a member who is their own ancestor, a missing member
 * who is absent or typed, typed members who are absent. Returns every issue found (empty = valid).
 */
export function validatePedigree(p: { individuals: readonly Individual[]; missing: string; typed: Readonly<Record<string, string>> }): PedigreeIssue[] {
  const issues: PedigreeIssue[] = [];
  const byId = new Map<string, Individual>();
  p.individuals.forEach((ind, i) => {
    if (byId.has(ind.id)) issues.push({ path: `individuals.${i}.id`, message: `duplicate individual id "${ind.id}"` });
    else byId.set(ind.id, ind);
  });
  p.individuals.forEach((ind, i) => {
    for (const role of ['father', 'mother'] as const) {
      const parentId = ind[role];
      if (parentId === null) continue;
      const parent = byId.get(parentId);
      const wanted = role === 'father' ? 'male' : 'female';
      if (!parent) issues.push({ path: `individuals.${i}.${role}`, message: `${role} "${parentId}" of "${ind.id}" is not in the pedigree` });
      else if (parent.sex !== wanted) issues.push({ path: `individuals.${i}.${role}`, message: `${role} "${parentId}" of "${ind.id}" must be ${wanted}` });
      if (parentId === ind.id) issues.push({ path: `individuals.${i}.${role}`, message: `"${ind.id}" cannot be their own ${role}` });
    }
    if ((ind.father === null) !== (ind.mother === null)) {
      issues.push({ path: `individuals.${i}`, message: `"${ind.id}" needs both parents or none (add an untyped founder for the unknown one)` });
    }
  });
  for (const id of findCycleMembers(byId)) {
    const i = p.individuals.findIndex((ind) => ind.id === id);
    issues.push({ path: `individuals.${i}`, message: `"${id}" is their own ancestor (a cycle)` });
  }
  if (!byId.has(p.missing)) issues.push({ path: 'missing', message: `missing member "${p.missing}" is not in the pedigree` });
  if (Object.hasOwn(p.typed, p.missing)) issues.push({ path: `typed.${p.missing}`, message: 'the missing member cannot be typed' });
  for (const id of Object.keys(p.typed)) {
    if (!byId.has(id)) issues.push({ path: `typed.${id}`, message: `typed member "${id}" is not in the pedigree` });
  }
  const seenProfiles = new Map<string, string>();
  for (const [id, profileId] of Object.entries(p.typed)) {
    const other = seenProfiles.get(profileId);
    if (other !== undefined) issues.push({ path: `typed.${id}`, message: `profile ${profileId} already types "${other}"` });
    else seenProfiles.set(profileId, id);
  }
  return issues;
}

/** Ids of members on a parent cycle, by depth-first search with three colours. */
function findCycleMembers(byId: ReadonlyMap<string, Individual>): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const onCycle: string[] = [];
  const visit = (id: string): void => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') {
      onCycle.push(id);
      return;
    }
    state.set(id, 'visiting');
    const ind = byId.get(id);
    for (const parent of [ind?.father, ind?.mother]) if (parent && byId.has(parent)) visit(parent);
    state.set(id, 'done');
  };
  for (const id of byId.keys()) visit(id);
  return [...new Set(onCycle)];
}
