import { Schema } from 'mongoose';
import { JOB_STATUSES, MATCH_STATUSES } from '../../domain';

/**
 * Mongoose schemas of the matching collections. Indexes mirror the embedded store's
 * (src/store/embedded/matching-migration.ts): one match per (case, found person), and the
 * candidate lists by case or found person, highest LR first.
 */
const base = { versionKey: false as const, strict: 'throw' as const, id: false };

export const matchSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    foundPersonId: { type: String, required: true },
    status: { type: String, required: true, enum: [...MATCH_STATUSES] },
    log10Lr: { type: Number, required: true },
    // The breakdown as JSON text: read whole, and LR values may be null (non-finite).
    bodyJson: { type: String, required: true },
    version: { type: Number, required: true, min: 1 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...base, collection: 'matches' },
);
matchSchema.index({ caseId: 1, foundPersonId: 1 }, { unique: true, name: 'pair_unique' });
matchSchema.index({ caseId: 1, log10Lr: -1, _id: 1 }, { name: 'by_case' });
matchSchema.index({ foundPersonId: 1, log10Lr: -1, _id: 1 }, { name: 'by_found_person' });

export const searchPolicySchema = new Schema(
  {
    // "v" + the version zero-padded to 10 digits: the key sorts like the number.
    _id: { type: String, required: true },
    bodyJson: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { ...base, collection: 'search_policies' },
);

export const jobSchema = new Schema(
  {
    _id: { type: String, required: true },
    status: { type: String, required: true, enum: [...JOB_STATUSES] },
    bodyJson: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { ...base, collection: 'jobs' },
);

export const MATCHING_SCHEMAS = { Match: matchSchema, SearchPolicy: searchPolicySchema, Job: jobSchema } as const;
