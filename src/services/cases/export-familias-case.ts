import type { Genotypes, Individual, MissingCase, Profile } from '../../domain';
import { formatFamiliasCase, type FamiliasCaseMarker, type FamiliasCasePedigree, type FamiliasCasePerson, type LocusMutation, type SexMutation } from '../../importers';
import { resolveLocusFrequencies, resolveMutation, type FrequencyTable as KinshipTable, type MutationSpec, type ParentSex } from '../../kinship';
import { NotFoundError, ServiceUnavailableError, ValidationError } from '../../lib';
import type { Repositories } from '../../store';
import { autosomalGenotypes } from '../profiles';
import { kinshipTable, type SearchIndex } from '../matches';
import { findCase, recordAudit, runTransaction, type Actor, type StoreAccess } from '../shared';
import { profilesById } from './family-steps';

export interface FamiliasExportPorts extends StoreAccess {
  /** The matching index: its policy and per-locus mutation models are the ones the export carries. */
  readonly search: Pick<SearchIndex, 'policy' | 'mutationForLocus'> | null;
}

export interface FamiliasExport {
  readonly fileName: string;
  readonly text: string;
}

/** Pedigree names of the export; Familias shows them, parseFamiliasCase takes the last as the denominator. */
const H1 = 'FoundPersonIsMissing';
const H2 = 'Unrelated';
const FAMILY = 'Family';

/**
 * A case as a Familias `.fam` file (GET /v1/cases/:id/familias), so a forensic geneticist can
 * cross-check the service's figures in Familias 3 (Egeland, Mostad, Mevåg & Stenersen 2000;
 * Kling, Tillmar & Egeland 2014): the family's members as persons with the typed relatives'
 * autosomal genotypes, and one database holding the case's frequency table and the search
 * policy's per-locus mutation models and theta, the model every stored match was scored under.
 *
 * Alleles the table lacks get the policy's minimum allele frequency and the locus is renormalised
 * (NRC II; frequency-table.ts resolveLocusFrequencies), as the engine prices them. With a found
 * person, the file holds two pedigrees: the found person in the missing member's place (H1), and
 * the family with the missing member untyped and the found person unrelated (H2): Familias' LR of
 * H1 against H2 is the service's LR for that pair. Without one, the family pedigree alone.
 * Both reads are audited.
 * @throws NotFoundError for an unknown case or found person.
 * @throws ServiceUnavailableError while the matching index (and so the search policy's model) is not running.
 */
export async function exportFamiliasCase(ports: FamiliasExportPorts, actor: Actor, caseId: string, foundPersonId?: string): Promise<FamiliasExport> {
  const search = ports.search;
  if (!search) throw new ServiceUnavailableError('the matching index is not running; the search model to export is not loaded');
  return runTransaction(ports, actor, async (ctx) => {
    const { tx } = ctx;
    const c = await findCase(tx, caseId);
    const table = await tx.frequencyTables.findById(c.population);
    if (!table) throw new NotFoundError(`no frequency table ${c.population}`);
    const found = foundPersonId === undefined ? null : await foundPersonProfile(tx, foundPersonId);
    const relatives = await profilesById(tx, Object.values(c.family.pedigree.typed));
    const kinship = kinshipTable(table);
    const persons = familyPersons(c, relatives, found, kinship);
    const text = formatFamiliasCase({
      persons,
      pedigrees: found ? foundPersonPedigrees(c.family.pedigree.individuals, c.family.pedigree.missing, found.name) : [familyPedigree(c.family.pedigree.individuals)],
      markers: markers(kinship, persons, (locus) => search.mutationForLocus(locus), search.policy.minimumAlleleFrequency),
      databaseName: table.id,
      theta: search.policy.theta,
    });
    await recordAudit(ctx, 'case.familias.export', 'case', c.id);
    if (foundPersonId !== undefined) await recordAudit(ctx, 'case.familias.export', 'foundPerson', foundPersonId);
    return { fileName: `${c.id}${found ? `-${foundPersonId}` : ''}.fam`, text };
  });
}

async function foundPersonProfile(tx: Repositories, foundPersonId: string): Promise<{ name: string; profile: Profile }> {
  const person = await tx.foundPersons.findById(foundPersonId);
  if (!person) throw new NotFoundError(`no found person ${foundPersonId}`);
  const profile = await tx.profiles.findById(person.profileId);
  if (!profile) throw new NotFoundError(`no profile ${person.profileId} of found person ${foundPersonId}`);
  return { name: foundPersonId, profile };
}

/**
 * Every family member except the missing one is a person (typed or not, so Familias shows the
 * family as the investigator built it); with a found person, it joins them; without one, the
 * missing member is a person too, untyped. Loci outside the table are left out, as the engine
 * leaves them out of the LR.
 */
function familyPersons(
  c: MissingCase, relatives: ReadonlyMap<string, Profile>, found: { name: string; profile: Profile } | null, table: KinshipTable,
): FamiliasCasePerson[] {
  const { individuals, missing, typed } = c.family.pedigree;
  const genotypesOf = (genotypes: Genotypes | undefined): Genotypes =>
    Object.fromEntries(Object.entries(autosomalGenotypes(genotypes ?? {})).filter(([locus]) => table.loci[locus] !== undefined));
  const persons = individuals
    .filter((i) => found === null || i.id !== missing)
    .map((i): FamiliasCasePerson => ({ name: i.id, sex: i.sex, genotypes: genotypesOf(relatives.get(typed[i.id] ?? '')?.genotypes) }));
  if (found) {
    const sex = found.profile.sex ?? individuals.find((i) => i.id === missing)!.sex;
    persons.push({ name: found.name, sex, genotypes: genotypesOf(found.profile.genotypes) });
  }
  return persons;
}

function relationsOf(individuals: readonly Individual[], rename: (id: string) => string): [string, string][] {
  return individuals.flatMap((i) => [i.father, i.mother].filter((p): p is string => p !== null).map((p): [string, string] => [rename(p), rename(i.id)]));
}

function familyPedigree(individuals: readonly Individual[]): FamiliasCasePedigree {
  return { name: FAMILY, extras: [], relations: relationsOf(individuals, (id) => id) };
}

/** H1: the found person stands where the missing member stands. H2: the missing member is an untyped extra, the found person unrelated. */
function foundPersonPedigrees(individuals: readonly Individual[], missing: string, foundName: string): FamiliasCasePedigree[] {
  const missingSex = individuals.find((i) => i.id === missing)!.sex;
  return [
    { name: H1, extras: [], relations: relationsOf(individuals, (id) => (id === missing ? foundName : id)) },
    { name: H2, extras: [{ name: missing, sex: missingSex }], relations: relationsOf(individuals, (id) => id) },
  ];
}

/** The database section: every locus of the table at which some person is typed, the persons' alleles the table lacks priced as the engine prices them. */
function markers(
  table: KinshipTable, persons: readonly FamiliasCasePerson[], mutationFor: (locus: string) => MutationSpec | null, minimumAlleleFrequency: number,
): FamiliasCaseMarker[] {
  const typedLoci = new Set(persons.flatMap((p) => Object.keys(p.genotypes)));
  const out: FamiliasCaseMarker[] = [];
  for (const locus of Object.keys(table.loci)) {
    if (!typedLoci.has(locus)) continue;
    const alleles = persons.flatMap((p) => p.genotypes[locus] ?? []);
    const { frequencies } = resolveLocusFrequencies(table, locus, alleles, { floor: minimumAlleleFrequency, useSampleSize: true });
    const mutation = familiasMutation(mutationFor(locus), locus);
    out.push({ name: locus, frequencies, ...(mutation ? { mutation } : {}) });
  }
  return out;
}

/** The kinship case format's model of one locus in Familias terms; onestep has no Familias code. */
function familiasMutation(spec: MutationSpec | null, locus: string): LocusMutation | undefined {
  if (spec === null) return undefined;
  const side = (sex: ParentSex): SexMutation => {
    const m = resolveMutation(spec, sex);
    switch (m.model) {
      case 'none': return { model: 'equal', rate: 0 };
      case 'equal':
      case 'proportional': return { model: m.model, rate: m.rate };
      case 'stepwise': return { model: 'stepwise', rate: m.rate, range: m.range, rate2: m.rate2 };
      case 'onestep':
        throw new ValidationError('VALIDATION_FAILED', `${locus}: the search policy's onestep model has no Familias equivalent`, {
          errors: [{ path: 'searchPolicy.mutation.model', locus, message: 'onestep cannot be exported to Familias' }],
        });
    }
  };
  return { female: side('female'), male: side('male') };
}
