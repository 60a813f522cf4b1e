import { ProfileInput, type Profile } from '../../domain';
import { AppError, validationErrorFromZod, type FieldError } from '../../lib';
import { newProfileRecord, prepareProfile, storedReplay, type PreparedProfile, type ProfilePorts } from './register-profile';
import { auditEntry, runTransaction, type Actor, type TxContext } from '../shared';
import { placeOfIssue, type LabFileSample } from './read-lab-file';

/** What became of one sample of a bulk import. */
export type BulkSampleOutcome =
  | {
    /** accepted: stored now; skipped: already stored with the same content (an earlier run accepted it) */
    readonly status: 'accepted' | 'skipped';
    readonly sampleId: string;
    readonly at: string;
    readonly profileId: string;
  }
  | {
    readonly status: 'rejected';
    readonly sampleId: string | null;
    readonly at: string;
    /** the error code of the rule that refused it (INVALID_ALLELE, TOO_FEW_LOCI, PROFILE_EXISTS, MIXTURE ...) */
    readonly code: string;
    readonly reason: string;
    /** the fields at fault, each with its locus and allele where it has one */
    readonly errors: readonly FieldError[];
  };

/**
 * The actor of a bulk import from the command line: the system acting for the lab whose archive
 * it loads, so the profiles belong to that lab and the audit trail says who stored them.
 */
export function importerActor(lab: string): Actor {
  return { keyId: 'system:importer', role: 'system', org: lab, requestId: null };
}

/**
 * Stores one batch of a lab's samples (npm run import) under the rules of POST /v1/profiles:
 * each sample validated and normalised on its own terms (a sample the file reader could not read
 * whole, or that breaks a rule, is rejected with its reason and nothing of it is stored), then
 * idempotency by (lab, sampleId) — the same content again is skipped as already accepted, other
 * content is a PROFILE_EXISTS rejection — and every new profile stored with its `profile.create`
 * audit record, the whole batch in one transaction with one insert of many rows. A batch commits
 * whole or not at all, so a crash loses at most the batch in flight, and running the import again
 * stores exactly what was not yet acknowledged.
 */
export async function importProfilesBulk(ports: ProfilePorts, actor: Actor, samples: readonly LabFileSample[]): Promise<BulkSampleOutcome[]> {
  const checked = checkSamples(ports, samples);
  await runTransaction(ports, actor, (ctx) => storeCheckedSamples(ctx, samples, checked));
  return checked.outcomes;
}

/** A batch of samples checked by {@link checkSamples}: the outcome of each (rejections so far) and the ones ready to store. */
export interface CheckedSamples {
  /** by sample index; {@link storeCheckedSamples} fills in the rest */
  readonly outcomes: BulkSampleOutcome[];
  readonly ready: ReadonlyArray<{ readonly index: number; readonly prepared: PreparedProfile }>;
}

/** The rules of a bulk import that need no store (readable whole, validated and normalised), outside any transaction. */
export function checkSamples(ports: Pick<ProfilePorts, 'policy'>, samples: readonly LabFileSample[]): CheckedSamples {
  const outcomes: BulkSampleOutcome[] = new Array(samples.length);
  const ready: Array<{ index: number; prepared: PreparedProfile }> = [];
  samples.forEach((sample, index) => {
    const rejected = unreadablePart(sample) ?? prepared(ports, sample, (p) => ready.push({ index, prepared: p }));
    if (rejected) outcomes[index] = rejected;
  });
  return { outcomes, ready };
}

/**
 * The store step of {@link importProfilesBulk} inside the caller's transaction, by `ctx.actor` (the
 * lab): idempotency by (lab, sampleId), then the new profiles and their audit records in one
 * insert each. Fills in the outcome of every ready sample; returns the profile of every sample
 * accepted or skipped, by profile id (a caller in the same transaction need not read them back).
 */
export async function storeCheckedSamples(ctx: TxContext, samples: readonly LabFileSample[], checked: CheckedSamples): Promise<Map<string, Profile>> {
  const { outcomes } = checked;
  const fresh: Profile[] = [];
  const bySample = new Map<string, Profile>();
  for (const { index, prepared: p } of checked.ready) {
    const at = samples[index]!.at;
    try {
      const replayed = storedReplay(bySample.get(p.sampleId) ?? await ctx.tx.profiles.findBySampleId(ctx.actor.org, p.sampleId), p, ctx.actor.org);
      const profile = replayed ?? newProfileRecord(ctx, p);
      if (!replayed) fresh.push(profile);
      bySample.set(p.sampleId, profile);
      outcomes[index] = { status: replayed ? 'skipped' : 'accepted', sampleId: p.sampleId, at, profileId: profile.id };
    } catch (e) {
      outcomes[index] = rejection(e, p.sampleId, at);
    }
  }
  await ctx.tx.profiles.insertMany(fresh);
  await ctx.tx.audit.appendMany(fresh.map((p) => auditEntry(ctx, 'profile.create', 'profile', p.id)));
  return new Map([...bySample.values()].map((p) => [p.id, p]));
}

/**
 * A sample the reader could not read whole (a mixture, an unknown locus, an invalid allele) is
 * rejected rather than stored without that part: stored in part, its corrected re-import would be
 * "other content under the same sampleId", which idempotency refuses.
 */
function unreadablePart(sample: LabFileSample): BulkSampleOutcome | null {
  const errors = sample.issues.filter((i) => i.severity === 'error');
  if (errors.length === 0) return null;
  return {
    status: 'rejected', sampleId: sample.sampleId, at: sample.at, code: errors[0]!.code,
    reason: errors.map((i) => i.message).join('; '),
    errors: errors.map((i) => ({
      path: placeOfIssue(i, sample.at), message: i.message,
      ...(i.locus !== undefined ? { locus: i.locus } : {}), ...(i.allele !== undefined ? { allele: i.allele } : {}),
    })),
  };
}

function prepared(ports: Pick<ProfilePorts, 'policy'>, sample: LabFileSample, accept: (p: PreparedProfile) => void): BulkSampleOutcome | null {
  try {
    const parsed = ProfileInput.safeParse(sample.body);
    if (!parsed.success) throw validationErrorFromZod(parsed.error, []);
    accept(prepareProfile(ports.policy, parsed.data));
    return null;
  } catch (e) {
    return rejection(e, sample.sampleId, sample.at);
  }
}

function rejection(e: unknown, sampleId: string | null, at: string): BulkSampleOutcome {
  if (!(e instanceof AppError) || e.httpStatus >= 500) throw e;
  return { status: 'rejected', sampleId, at, code: e.code, reason: e.detail, errors: e.errors };
}
