import mongoose from 'mongoose';
import { listFilters, mappers } from '../../src/store/mongo/mongo-mappers';
import { registerModels } from '../../src/store/mongo/mongo-store';
import { SCHEMAS } from '../../src/store/mongo/mongo-schemas';
import { aCaseWithFather, aFoundPerson, aFrequencyTable, aProfile, anApiKey, anAuditEntry } from '../support/builders';

/** Validation errors of a document (undefined when valid); `validate()` needs no server. */
async function validationOf(doc: { validate(): Promise<void> }): Promise<mongoose.Error.ValidationError | undefined> {
  return doc.validate().then(() => undefined, (e: mongoose.Error.ValidationError) => e);
}

/** Everything mongoose can check without a server: validation, casting, index definitions, query shapes. */
describe('MongoDB adapter without a server', () => {
  const conn = mongoose.createConnection();
  const models = registerModels(conn);

  afterAll(async () => {
    await conn.close();
  });

  it('when a valid profile is mapped to a document, then it validates and maps back unchanged', async () => {
    const profile = aProfile({ population: null, sex: 'male' });

    const doc = new models.Profile(mappers.fromProfile(profile));

    expect(await validationOf(doc)).toBeUndefined();
    expect(mappers.toProfile(doc.toObject() as never)).toEqual(profile);
  });

  it('when a profile document lacks the lab or has an unknown kind, then validation names those paths', async () => {
    const { lab: _lab, ...rest } = mappers.fromProfile(aProfile());

    const error = await validationOf(new models.Profile({ ...rest, kind: 'suspect' }));

    expect(Object.keys(error!.errors).sort()).toEqual(['kind', 'lab']);
  });

  it('when a document has a field the schema does not know, then mongoose refuses it', async () => {
    expect(() => new models.Profile({ ...mappers.fromProfile(aProfile()), genotype: {} })).toThrow(/not in schema/);
  });

  it('when a case with a family is mapped to a document, then it validates, lists its typed profiles, and maps back', async () => {
    const c = aCaseWithFather('prf_father');

    const doc = new models.Case(mappers.fromCase(c));

    expect(await validationOf(doc)).toBeUndefined();
    expect(doc.get('typedProfileIds')).toEqual(['prf_father']);
    expect(mappers.toCase(doc.toObject() as never)).toEqual(c);
  });

  it('when a case has an unknown status or a pedigree member of no sex, then validation fails on those paths', async () => {
    const c = aCaseWithFather('prf_father');
    const raw = mappers.fromCase(c) as Record<string, unknown>;
    const family = JSON.parse(JSON.stringify(c.family));
    family.pedigree.individuals[0].sex = 'unknown';

    const error = await validationOf(new models.Case({ ...raw, status: 'lost', family }));

    expect(Object.keys(error!.errors)).toEqual(expect.arrayContaining(['status', 'family.pedigree.individuals.0.sex']));
  });

  it('when found persons, API keys, tables and audit entries are mapped, then they validate and map back', async () => {
    const person = aFoundPerson('prf_1');
    const key = anApiKey({ hash: 'a'.repeat(64), revokedAt: '2025-01-01T00:00:00.000Z' });
    const table = aFrequencyTable({ loci: { TH01: { '9.3': 0.4, '6': 0.6 } } });
    const entry = anAuditEntry();

    const docs = [
      new models.FoundPerson(mappers.fromFoundPerson(person)), new models.ApiKey(mappers.fromApiKey(key)),
      new models.FrequencyTable(mappers.fromTable(table)), new models.Audit(mappers.fromAudit(entry)),
    ];

    for (const doc of docs) expect(await validationOf(doc)).toBeUndefined();
    expect(mappers.toFoundPerson(docs[0]!.toObject() as never)).toEqual(person);
    expect(mappers.toApiKey(docs[1]!.toObject() as never)).toEqual(key);
    expect(mappers.toTable(docs[2]!.toObject() as never)).toEqual(table);
    expect(mappers.toAudit(docs[3]!.toObject() as never)).toEqual(entry);
  });

  it('when an API key hash is not 64 hex digits, then validation fails', async () => {
    const key = anApiKey({ hash: 'plain-text-key' });

    expect((await validationOf(new models.ApiKey(mappers.fromApiKey(key))))!.errors.hash).toBeDefined();
  });

  it('when the index definitions are read, then the uniqueness rules of the port are there', async () => {
    const unique = (schema: mongoose.Schema) => schema.indexes().filter(([, opts]) => opts?.unique).map(([fields]) => fields);

    expect(unique(SCHEMAS.Profile)).toEqual([{ lab: 1, sampleId: 1 }]);
    expect(unique(SCHEMAS.FoundPerson)).toEqual([{ profileId: 1 }]);
    expect(unique(SCHEMAS.ApiKey)).toEqual([{ hash: 1 }]);
    expect(SCHEMAS.Case.indexes().map(([fields]) => fields)).toContainEqual({ typedProfileIds: 1 });
    expect(SCHEMAS.Profile.indexes().map(([fields]) => fields)).toContainEqual({ genotypeHash: 1 });
  });

  it('when list filters are built, then unset filters are left out and ranges merge on one field', async () => {
    expect(listFilters.profiles({ lab: 'LAB-01', limit: 10, offset: 0 })).toEqual({ lab: { $eq: 'LAB-01' } });
    expect(listFilters.cases({ sex: 'female', missingSinceFrom: '2010-01-01', missingSinceTo: '2012-01-01', limit: 1, offset: 0 }))
      .toEqual({ 'child.sex': { $eq: 'female' }, 'child.missingSince': { $gte: '2010-01-01', $lte: '2012-01-01' } });
    expect(listFilters.audit({ from: '2025-01-01T00:00:00.000Z', limit: 1, offset: 0 }))
      .toEqual({ at: { $gte: new Date('2025-01-01T00:00:00.000Z') } });
  });

  it('when a query filter arrives as an object from a request, then it is cast to a string and cannot inject operators', async () => {
    const query = models.Profile.find(listFilters.profiles({ lab: { $ne: null } as never, limit: 1, offset: 0 }));

    expect(() => query.cast(models.Profile)).toThrow(/Cast to string failed/);
  });
});
