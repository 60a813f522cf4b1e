import { Schema } from 'mongoose';
import { AUDIT_ACTIONS, CASE_STATUSES, FOUND_PERSON_STATUSES } from '../../domain';

/**
 * Mongoose schemas of the MongoDB adapter. Records keep their domain id in `_id` (a string);
 * `versionKey` is off because cases and found persons carry their own `version` for optimistic
 * concurrency. Indexes mirror the embedded store's (src/store/embedded/migrations.ts).
 */
const base = { versionKey: false as const, strict: 'throw' as const, id: false };

const SEXES = ['male', 'female'];
const ROLES = ['lab', 'investigator', 'hub', 'admin'];

export const profileSchema = new Schema(
  {
    _id: { type: String, required: true },
    lab: { type: String, required: true },
    sampleId: { type: String, required: true },
    kind: { type: String, required: true, enum: ['reference', 'found'] },
    kit: { type: String, required: true },
    population: { type: String, default: null },
    sex: { type: String, enum: SEXES, default: null },
    // locus -> alleles; locus names never contain "." or "$" (nomenclature), so they are valid field names
    genotypes: { type: Schema.Types.Mixed, required: true },
    autosomalLoci: { type: Number, required: true, min: 0 },
    genotypeHash: { type: String, required: true },
    contentHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { ...base, collection: 'profiles', minimize: false },
);
profileSchema.index({ lab: 1, sampleId: 1 }, { unique: true, name: 'lab_sampleId_unique' });
profileSchema.index({ genotypeHash: 1 }, { name: 'genotypeHash' });
profileSchema.index({ lab: 1, createdAt: 1, _id: 1 }, { name: 'lab_created' });
profileSchema.index({ createdAt: 1, _id: 1 }, { name: 'created' });

const individualSchema = new Schema(
  {
    id: { type: String, required: true },
    father: { type: String, default: null },
    mother: { type: String, default: null },
    sex: { type: String, required: true, enum: SEXES },
  },
  { _id: false, versionKey: false },
);

const familySchema = new Schema(
  {
    mode: { type: String, required: true, enum: ['relationships', 'pedigree'] },
    lab: { type: String, default: null },
    relatives: [new Schema({ profileId: String, relationship: String, individualId: String }, { _id: false })],
    pedigree: {
      missing: { type: String, required: true },
      individuals: { type: [individualSchema], default: [] },
      typed: { type: Schema.Types.Mixed, default: {} },
    },
  },
  { _id: false, versionKey: false, minimize: false },
);

export const caseSchema = new Schema(
  {
    _id: { type: String, required: true },
    alertId: { type: String, default: null },
    traffickingCaseNo: { type: String, default: null },
    child: {
      sex: { type: String, required: true, enum: SEXES },
      birthDate: { type: String, default: null },
      missingSince: { type: String, required: true },
      place: { type: String, required: true },
    },
    population: { type: String, required: true },
    status: { type: String, required: true, enum: [...CASE_STATUSES] },
    org: { type: String, required: true },
    openedBy: { type: String, required: true },
    family: { type: familySchema, required: true },
    /** Denormalised profile ids of the typed members, for the reverse lookup and its index. */
    typedProfileIds: { type: [String], default: [] },
    version: { type: Number, required: true, min: 1 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...base, collection: 'cases', minimize: false },
);
caseSchema.index({ createdAt: 1, _id: 1 }, { name: 'created' });
caseSchema.index({ status: 1, createdAt: 1, _id: 1 }, { name: 'status_created' });
caseSchema.index({ alertId: 1 }, { name: 'alertId', sparse: true });
caseSchema.index({ traffickingCaseNo: 1 }, { name: 'traffickingCaseNo', sparse: true });
caseSchema.index({ typedProfileIds: 1 }, { name: 'typedProfileIds' });

export const foundPersonSchema = new Schema(
  {
    _id: { type: String, required: true },
    profileId: { type: String, required: true },
    foundAt: { type: String, required: true },
    place: { type: String, required: true },
    estimatedBirthYear: { type: Number, default: null },
    notes: { type: String, default: null },
    status: { type: String, required: true, enum: [...FOUND_PERSON_STATUSES] },
    org: { type: String, required: true },
    createdBy: { type: String, required: true },
    version: { type: Number, required: true, min: 1 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...base, collection: 'found_persons' },
);
foundPersonSchema.index({ profileId: 1 }, { unique: true, name: 'profileId_unique' });
foundPersonSchema.index({ createdAt: 1, _id: 1 }, { name: 'created' });
foundPersonSchema.index({ status: 1, createdAt: 1, _id: 1 }, { name: 'status_created' });

export const frequencyTableSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    population: { type: String, required: true },
    source: { type: String, required: true },
    licenseNote: { type: String, default: null },
    sampleSize: { type: Number, default: null },
    // Allele designations such as "9.3" contain dots, which MongoDB field names should not;
    // the table is never queried by allele, so it is kept as JSON text.
    lociJson: { type: String, required: true },
    notes: { type: [String], default: [] },
    builtIn: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { ...base, collection: 'frequency_tables' },
);

export const apiKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    role: { type: String, required: true, enum: ROLES },
    org: { type: String, required: true },
    label: { type: String, default: null },
    hash: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    demo: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { ...base, collection: 'api_keys' },
);
apiKeySchema.index({ hash: 1 }, { unique: true, name: 'hash_unique' });
apiKeySchema.index({ createdAt: 1, _id: 1 }, { name: 'created' });

export const auditSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    role: { type: String, required: true, enum: [...ROLES, 'system'] },
    org: { type: String, required: true },
    action: { type: String, required: true, enum: [...AUDIT_ACTIONS] },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    requestId: { type: String, default: null },
  },
  { ...base, collection: 'audit' },
);
auditSchema.index({ at: -1, _id: -1 }, { name: 'at' });
auditSchema.index({ targetType: 1, targetId: 1, at: -1 }, { name: 'target' });
auditSchema.index({ actor: 1, at: -1 }, { name: 'actor' });

export const SCHEMAS = {
  Profile: profileSchema,
  Case: caseSchema,
  FoundPerson: foundPersonSchema,
  FrequencyTable: frequencyTableSchema,
  ApiKey: apiKeySchema,
  Audit: auditSchema,
} as const;
