import { FrequencyTableInput, type FrequencyTable, type FrequencyTableSummary, type FrequencyTableView } from '../../domain';
import { ConflictError, NotFoundError, ValidationError, validationErrorFromZod, type FieldError } from '../../lib';
import { canonicalAllele, findLocus, NomenclatureError } from '../../kinship';
import { toTableSummary, toTableView } from './admin-views';
import { recordAudit, runTransaction, type Actor, type Policy, type StoreAccess } from '../shared';

/** What the frequency-table use cases need: the store and which table is the deployment's default. */
export interface TablePorts extends StoreAccess {
  readonly policy: Pick<Policy, 'defaultFrequencyTable'>;
}

/**
 * Adds a frequency table (POST /v1/frequency-tables, admins). Locus names and allele
 * designations go through the nomenclature so tables and profiles meet on the same spellings;
 * only autosomal STR loci are kept meaningful (Amelogenin and Y markers are refused).
 */
export async function addFrequencyTable(ports: TablePorts, actor: Actor, input: FrequencyTableInput, builtIn = false): Promise<FrequencyTableView> {
  const loci = canonicalLoci(input.loci);
  return runTransaction(ports, actor, async (ctx) => {
    const { tx } = ctx;
    if (await tx.frequencyTables.findById(input.id)) {
      throw new ConflictError('FREQUENCY_TABLE_EXISTS', `frequency table ${input.id} exists`, { errors: [{ path: 'id', message: 'taken' }] });
    }
    const table: FrequencyTable = {
      id: input.id, name: input.name, population: input.population, source: input.source,
      licenseNote: input.license_note ?? null, sampleSize: input.sampleSize, loci, notes: input.notes, builtIn,
      createdAt: ctx.now().toISOString(), createdBy: actor.keyId,
    };
    await tx.frequencyTables.insert(table);
    await recordAudit(ctx, 'frequencyTable.create', 'frequencyTable', table.id);
    return toTableView(table, ports.policy.defaultFrequencyTable);
  });
}

export async function listFrequencyTables(ports: Pick<TablePorts, 'store' | 'policy'>): Promise<FrequencyTableSummary[]> {
  return (await ports.store.frequencyTables.listAll()).map((t) => toTableSummary(t, ports.policy.defaultFrequencyTable));
}

export async function getFrequencyTable(ports: Pick<TablePorts, 'store' | 'policy'>, id: string): Promise<FrequencyTableView> {
  const table = await ports.store.frequencyTables.findById(id);
  if (!table) throw new NotFoundError(`no frequency table ${id}`);
  return toTableView(table, ports.policy.defaultFrequencyTable);
}

/**
 * Stores the shipped tables that are not stored yet (idempotent; run at every start).
 * `files` are the parsed JSON documents of data-samples/frequencies, keyed by table id.
 * @returns the ids of the tables added now.
 */
export async function seedFrequencyTables(ports: TablePorts, actor: Actor, files: ReadonlyArray<{ id: string; json: unknown }>): Promise<string[]> {
  const added: string[] = [];
  for (const file of files) {
    if (await ports.store.frequencyTables.findById(file.id)) continue;
    const parsed = FrequencyTableInput.safeParse({ ...(file.json as object), id: file.id });
    if (!parsed.success) throw validationErrorFromZod(parsed.error, [file.id]);
    await addFrequencyTable(ports, actor, parsed.data, true);
    added.push(file.id);
  }
  return added;
}

function canonicalLoci(loci: FrequencyTableInput['loci']): Record<string, Record<string, number>> {
  const errors: FieldError[] = [];
  const out: Record<string, Record<string, number>> = {};
  for (const [name, freqs] of Object.entries(loci)) {
    const locus = findLocus(name);
    if (!locus || locus.kind !== 'autosomal') {
      errors.push({ path: `loci.${name}`, locus: name, message: locus ? `${locus.name} is not an autosomal STR` : `unknown locus "${name}"` });
      continue;
    }
    if (out[locus.name]) {
      errors.push({ path: `loci.${name}`, locus: locus.name, message: `locus ${locus.name} given twice` });
      continue;
    }
    const alleles: Record<string, number> = {};
    for (const [allele, freq] of Object.entries(freqs)) {
      try {
        const designation = canonicalAllele(locus.name, allele);
        if (alleles[designation] !== undefined) errors.push({ path: `loci.${name}`, locus: locus.name, allele, message: `allele ${designation} given twice` });
        alleles[designation] = freq;
      } catch (e) {
        if (!(e instanceof NomenclatureError)) throw e;
        errors.push({ path: `loci.${name}`, locus: locus.name, allele, message: e.message });
      }
    }
    out[locus.name] = alleles;
  }
  if (errors.length > 0) throw new ValidationError('VALIDATION_FAILED', errors.map((e) => e.message).join('; '), { errors });
  return out;
}
