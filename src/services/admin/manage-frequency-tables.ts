import { FrequencyTableInput, type FrequencyTable, type FrequencyTableFileMetadata, type FrequencyTableSummary, type FrequencyTableView } from '../../domain';
import { ConflictError, NotFoundError, ValidationError, validationErrorFromZod, type FieldError } from '../../lib';
import { parseFamiliasDatabase, parseFrequencyList, type FrequencyTable as ImportedTable, type ImportIssue } from '../../importers';
import { canonicalAllele, findLocus, NomenclatureError } from '../../kinship';
import { toTableSummary, toTableView } from './admin-views';
import { assertUploadComplete, readUpload, recordAudit, runTransaction, type Actor, type Policy, type StoreAccess } from '../shared';

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

/** The text formats of a frequency database an admin may upload instead of the JSON shape. */
export type FrequencyTableFileFormat = 'list' | 'familias';

/**
 * Adds a frequency table uploaded as a Familias frequency database (POST /v1/frequency-tables with
 * a text body): `list`, the plain-text layout of NorskDB_v2023.txt (a marker name, then one
 * `allele<TAB>frequency` line per allele; pedtools readFreqDatabase), or `familias`, the database
 * section of a Familias .fam file. Metadata the files do not carry comes from `metadata`. The
 * table then passes the same checks as a JSON upload and is stored as a normal table.
 * @throws ValidationError naming the line, locus and allele of every marker the file could not
 *   give whole (unknown locus, malformed allele name, frequency outside (0, 1], sum off 1): a
 *   table is stored complete or not at all.
 */
export async function addFrequencyTableFile(
  ports: TablePorts, actor: Actor, text: string, format: FrequencyTableFileFormat, metadata: FrequencyTableFileMetadata,
): Promise<FrequencyTableView> {
  const { table, issues } = readUpload(() => readTableFile(text, format, metadata));
  // A sum off 1 is only a warning to an importer; a stored table must pass the JSON upload's sum rule too.
  assertUploadComplete(issues, (i) => i.severity === 'error' || i.code === 'FREQUENCY_SUM');
  const parsed = FrequencyTableInput.safeParse({
    id: metadata.id, name: table.name, population: table.population, source: table.source, license_note: metadata.license_note,
    sampleSize: metadata.sampleSize ?? table.sampleSize, loci: table.loci, notes: table.notes,
  });
  if (!parsed.success) throw validationErrorFromZod(parsed.error);
  return addFrequencyTable(ports, actor, parsed.data);
}

function readTableFile(text: string, format: FrequencyTableFileFormat, metadata: FrequencyTableFileMetadata): { table: ImportedTable; issues: ImportIssue[] } {
  const { name, population, source } = metadata;
  if (format === 'list') return parseFrequencyList(text, { name, population, source, sampleSize: metadata.sampleSize ?? null });
  const database = parseFamiliasDatabase(text, { name, population, source });
  return { table: database.table, issues: database.issues };
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
