import { z } from 'zod';

/** What the layout needs of a pedigree (the kinship case format: ids, parents, sex). */
export interface PedigreeLike {
  readonly individuals: ReadonlyArray<{ readonly id: string; readonly father: string | null; readonly mother: string | null; readonly sex: 'male' | 'female' }>;
  readonly missing: string;
  readonly typed: Readonly<Record<string, string>>;
}

export const PedigreeDrawing = z
  .object({
    width: z.number().int().meta({ description: 'columns of the grid (x runs 0 … width − 1)' }),
    height: z.number().int().meta({ description: 'generations (y runs 0 … height − 1, oldest first)' }),
    members: z.array(z.object({
      id: z.string(),
      sex: z.enum(['male', 'female']),
      x: z.number(),
      y: z.number().int(),
      typed: z.boolean(),
      missing: z.boolean(),
      relationship: z.string().nullable().meta({ description: 'to the missing child, when the family was built by relationships' }),
    })),
    lines: z.array(z.object({ x1: z.number(), y1: z.number(), x2: z.number(), y2: z.number() }))
      .meta({ description: 'couple lines, descent lines and sibship bars in grid units; a sibship bar sits half a generation below its lower parent' }),
  })
  .meta({
    id: 'PedigreeDrawing',
    description: 'the family laid out by generation for drawing with the standard symbols (Bennett et al. 2008, J Genet Counsel 17:424): squares male, circles female, typed members shaded, the missing child marked',
  });
export type PedigreeDrawing = z.infer<typeof PedigreeDrawing>;

/**
 * Lays a pedigree out on a grid: one row per generation (a child one row below its lower parent,
 * partners on one row), siblings next to each other under their parents, a partner who married
 * in beside the member of the family. Renderers (the workbench's SVG, the PDF report) scale the
 * grid; the layout has one owner so both draw the same family.
 */
export function layoutPedigree(p: PedigreeLike, relationships: Readonly<Record<string, string>> = {}): PedigreeDrawing {
  const byId = new Map(p.individuals.map((i) => [i.id, i]));
  const partnersOf = partners(p);
  const generation = generationsOf(p, partnersOf);
  const rows: string[][] = [];
  for (const ind of p.individuals) (rows[generation.get(ind.id)!] ??= []).push(ind.id);
  const x = new Map<string, number>();
  const families = sibships(p);
  for (const row of rows) placeRow(orderRow(row ?? [], byId, x, partnersOf), byId, x, families, partnersOf);
  centreParentsOverChildren(p, rows, x);
  const left = Math.min(...x.values());
  for (const [id, v] of x) x.set(id, v - left);
  const lines: PedigreeDrawing['lines'] = [];
  for (const [couple, children] of families) {
    const [father, mother] = couple.split('\u0000') as [string, string];
    const [yf, ym] = [generation.get(father)!, generation.get(mother)!];
    const y = Math.max(yf, ym);
    const xf = x.get(father)!;
    const xm = x.get(mother)!;
    lines.push({ x1: xf, y1: yf, x2: xm, y2: ym });
    const mid = (xf + xm) / 2;
    const xs = children.map((c) => x.get(c)!);
    lines.push({ x1: mid, y1: y, x2: mid, y2: y + 0.5 });
    lines.push({ x1: Math.min(mid, ...xs), y1: y + 0.5, x2: Math.max(mid, ...xs), y2: y + 0.5 });
    for (const c of children) lines.push({ x1: x.get(c)!, y1: y + 0.5, x2: x.get(c)!, y2: generation.get(c)! });
  }
  const width = Math.max(1, ...[...x.values()].map((v) => Math.ceil(v) + 1));
  return {
    width,
    height: rows.length,
    members: p.individuals.map((i) => ({
      id: i.id, sex: i.sex, x: x.get(i.id)!, y: generation.get(i.id)!, typed: Object.hasOwn(p.typed, i.id), missing: i.id === p.missing,
      relationship: relationships[i.id] ?? null,
    })),
    lines,
  };
}

/**
 * Generation of each member: 0 for the oldest, a child one below its lower parent, and a partner
 * who married in (a founder with one partner) on their partner's row. Raising only such founders
 * keeps every child below both parents, even in a family with a marriage across generations
 * (repeated until stable; each pass only raises, so at most one pass per member).
 */
function generationsOf(p: PedigreeLike, partnersOf: ReadonlyMap<string, ReadonlySet<string>>): Map<string, number> {
  const gen = new Map(p.individuals.map((i) => [i.id, 0]));
  const marriesInOnce = new Map(p.individuals.map((i) => [i.id, i.father === null && (partnersOf.get(i.id)?.size ?? 0) === 1]));
  const raise = (id: string, to: number): boolean => {
    if ((gen.get(id) ?? 0) >= to) return false;
    gen.set(id, to);
    return true;
  };
  for (let pass = 0; pass <= p.individuals.length; pass++) {
    let changed = false;
    for (const i of p.individuals) {
      if (i.father === null || i.mother === null) continue;
      const [f, m] = [gen.get(i.father) ?? 0, gen.get(i.mother) ?? 0];
      changed = raise(i.id, Math.max(f, m) + 1) || changed;
      if (marriesInOnce.get(i.father)) changed = raise(i.father, m) || changed;
      if (marriesInOnce.get(i.mother)) changed = raise(i.mother, f) || changed;
    }
    if (!changed) break;
  }
  return gen;
}

function partners(p: PedigreeLike): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const i of p.individuals) {
    if (i.father === null || i.mother === null) continue;
    (out.get(i.father) ?? out.set(i.father, new Set()).get(i.father)!).add(i.mother);
    (out.get(i.mother) ?? out.set(i.mother, new Set()).get(i.mother)!).add(i.father);
  }
  return out;
}

/** Couples ("father\0mother") and their children, in pedigree order. */
function sibships(p: PedigreeLike): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of p.individuals) {
    if (i.father === null || i.mother === null) continue;
    const key = `${i.father}\u0000${i.mother}`;
    (out.get(key) ?? out.set(key, []).get(key)!).push(i.id);
  }
  return out;
}

/**
 * Order of one generation: members with parents by their parents' midpoint (siblings stay
 * together in pedigree order), then each partner without parents in this row placed next to
 * their partner (a husband to the left, a wife to the right), the rest in pedigree order.
 */
function orderRow(
  row: readonly string[], byId: ReadonlyMap<string, PedigreeLike['individuals'][number]>, x: ReadonlyMap<string, number>,
  partnersOf: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const key = (id: string): number => {
    const ind = byId.get(id)!;
    return ind.father !== null && ind.mother !== null ? ((x.get(ind.father) ?? 0) + (x.get(ind.mother) ?? 0)) / 2 : Number.POSITIVE_INFINITY;
  };
  const withParents = row.filter((id) => Number.isFinite(key(id))).sort((a, b) => key(a) - key(b) || row.indexOf(a) - row.indexOf(b));
  const order = [...withParents];
  const placed = new Set(order);
  const place = (id: string) => {
    if (placed.has(id)) return;
    const partner = [...(partnersOf.get(id) ?? [])].find((q) => placed.has(q) && row.includes(q));
    if (partner === undefined) order.push(id);
    else order.splice(order.indexOf(partner) + (byId.get(id)!.sex === 'male' ? 0 : 1), 0, id);
    placed.add(id);
  };
  for (const id of row) if (!placed.has(id) && [...(partnersOf.get(id) ?? [])].some((q) => placed.has(q))) place(id);
  for (const id of row) place(id);
  return order;
}

/**
 * Positions of one ordered row: a sibship centred under its parents' midpoint, a partner who
 * married in one column beside their partner, and never closer than one column to the left neighbour.
 */
function placeRow(
  order: readonly string[], byId: ReadonlyMap<string, PedigreeLike['individuals'][number]>, x: Map<string, number>,
  families: ReadonlyMap<string, readonly string[]>, partnersOf: ReadonlyMap<string, ReadonlySet<string>>,
): void {
  let previous = Number.NEGATIVE_INFINITY;
  for (const id of order) {
    const ind = byId.get(id)!;
    let desired = previous + 1;
    if (ind.father !== null && ind.mother !== null) {
      const siblings = families.get(`${ind.father}\u0000${ind.mother}`)!;
      const mid = ((x.get(ind.father) ?? 0) + (x.get(ind.mother) ?? 0)) / 2;
      desired = mid - (siblings.length - 1) / 2 + siblings.indexOf(id);
    } else {
      const partner = [...(partnersOf.get(id) ?? [])].find((q) => x.has(q) && order.includes(q));
      if (partner !== undefined) desired = x.get(partner)! + 1;
    }
    const at = Number.isFinite(previous) ? Math.max(desired, previous + 1) : (Number.isFinite(desired) ? desired : 0);
    x.set(id, at);
    previous = at;
  }
}

/** Moves a couple of founders alone in their row over the middle of their children. */
function centreParentsOverChildren(p: PedigreeLike, rows: readonly (string[] | undefined)[], x: Map<string, number>): void {
  const byId = new Map(p.individuals.map((i) => [i.id, i]));
  for (const [couple, children] of sibships(p)) {
    const [father, mother] = couple.split('\u0000') as [string, string];
    const founders = [father, mother].every((id) => byId.get(id)!.father === null);
    const row = rows.find((r) => r?.includes(father));
    if (!founders || !row || row.some((id) => id !== father && id !== mother)) continue;
    const xs = children.map((c) => x.get(c)!);
    const mid = (Math.min(...xs) + Math.max(...xs)) / 2;
    const shift = mid - (x.get(father)! + x.get(mother)!) / 2;
    x.set(father, x.get(father)! + shift);
    x.set(mother, x.get(mother)! + shift);
  }
}
