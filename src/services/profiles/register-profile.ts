import { assessKitCoverage, CUSTOM_KIT, findKitId, KIT_IDS, type Profile, type ProfileInput, type ProfileView } from '../../domain';
import { AppError, ConflictError, genotypeHash, profileContentHash, ValidationError, type FieldError } from '../../lib';
import type { Repositories } from '../../store';
import { normaliseGenotypes } from './normalise-genotypes';
import { toProfileView } from './profile-views';
import { recordAudit, runTransaction, type Actor, type Policy, type StoreAccess, type TxContext } from '../shared';

/** The kit-coverage policy a profile upload is checked against. */
export type ProfilePolicy = Pick<Policy, 'maxMissingKitLoci' | 'minCustomLoci'>;

/** What registering profiles needs: the store and the upload policy. */
export interface ProfilePorts extends StoreAccess {
  readonly policy: ProfilePolicy & Pick<Policy, 'maxBatchItems'>;
}

/** A profile upload after validation and normalisation, ready to store (no id or time yet). */
export interface PreparedProfile {
  readonly sampleId: string;
  readonly kind: Profile['kind'];
  readonly kit: string;
  readonly population: string | null;
  readonly sex: Profile['sex'];
  readonly genotypes: Profile['genotypes'];
  readonly autosomalLoci: number;
  readonly genotypeHash: string;
  readonly contentHash: string;
}

export interface RegisteredProfile {
  readonly profile: ProfileView;
  /** false when the same body was uploaded before under this sampleId (an idempotent replay) */
  readonly created: boolean;
}

/**
 * Registers one profile of the caller's lab (POST /v1/profiles).
 * Idempotent by (lab, sampleId): the same content again returns the stored profile; other
 * content under the same sampleId is a 409. Stored with its audit record in one transaction.
 */
export async function registerProfile(ports: ProfilePorts, actor: Actor, input: ProfileInput): Promise<RegisteredProfile> {
  const prepared = prepareProfile(ports.policy, input);
  return retryOnceOnDuplicate(() => runTransaction(ports, actor, (ctx) => storeProfile(ctx, prepared)));
}

/**
 * Normalises genotypes and applies the kit's minimum-loci policy.
 * @throws ValidationError naming the kit, the loci and alleles at fault.
 */
export function prepareProfile(policy: ProfilePolicy, input: ProfileInput): PreparedProfile {
  const kit = findKitId(input.kit);
  if (kit === undefined) {
    throw new ValidationError('VALIDATION_FAILED', `unknown kit "${input.kit}"`, {
      errors: [{ path: 'kit', message: `unknown kit "${input.kit}"; known kits: ${KIT_IDS.join(', ')}` }],
    });
  }
  const normal = normaliseGenotypes(input.genotypes);
  assertKitCoverage(policy, kit, normal.autosomalLoci, normal.otherLoci);
  const population = input.population ?? null;
  return {
    sampleId: input.sampleId, kind: input.kind, kit, population, sex: normal.sex, genotypes: normal.genotypes,
    autosomalLoci: normal.autosomalLoci.length, genotypeHash: genotypeHash(normal.genotypes, normal.autosomalLoci),
    contentHash: profileContentHash({ kind: input.kind, kit, population, genotypes: normal.genotypes }),
  };
}

function assertKitCoverage(policy: ProfilePolicy, kit: string, autosomal: readonly string[], other: readonly string[]): void {
  const coverage = assessKitCoverage(kit, autosomal, other, {
    maxMissingKitLoci: policy.maxMissingKitLoci, minCustomLoci: policy.minCustomLoci,
  });
  if (coverage.ok) return;
  if (coverage.notInKit.length > 0) {
    const errors: FieldError[] = coverage.notInKit.map((locus) => ({ path: `genotypes.${locus}`, locus, message: `${locus} is not a locus of kit ${kit}` }));
    throw new ValidationError('VALIDATION_FAILED', `loci not in kit ${kit}: ${coverage.notInKit.join(', ')} (use kit "custom" for other panels)`, { errors });
  }
  const detail = kit === CUSTOM_KIT
    ? `a custom profile needs at least ${coverage.required} autosomal loci; it types ${coverage.typed}`
    : `kit ${kit} needs at least ${coverage.required} of its autosomal loci; the profile types ${coverage.typed}; missing: ${coverage.missing.join(', ')}`;
  const errors: FieldError[] = coverage.missing.length > 0
    ? coverage.missing.map((locus) => ({ path: 'genotypes', locus, message: `${locus} is not typed` }))
    : [{ path: 'genotypes', message: detail }];
  throw new ValidationError('TOO_FEW_LOCI', detail, { errors });
}

/** Stores a prepared profile inside a transaction, or returns the identical one already stored. */
export async function storeProfile(ctx: TxContext, p: PreparedProfile): Promise<RegisteredProfile> {
  const { tx, actor } = ctx;
  const replayed = storedReplay(await tx.profiles.findBySampleId(actor.org, p.sampleId), p, actor.org);
  if (replayed) return { profile: toProfileView(replayed, await duplicatesOf(tx, replayed)), created: false };
  const profile = newProfileRecord(ctx, p);
  await tx.profiles.insert(profile);
  await recordAudit(ctx, 'profile.create', 'profile', profile.id);
  return { profile: toProfileView(profile, await duplicatesOf(tx, profile)), created: true };
}

/**
 * Idempotency by (lab, sampleId): the profile already stored under this sample when its content is
 * the same (a replay, nothing to store), or null when the sample is new.
 * @throws ConflictError `PROFILE_EXISTS` when the sample is stored with other content.
 */
export function storedReplay(existing: Profile | null, p: PreparedProfile, lab: string): Profile | null {
  if (!existing) return null;
  if (existing.contentHash !== p.contentHash) {
    throw new ConflictError('PROFILE_EXISTS', `sample ${p.sampleId} of lab ${lab} exists with different content (profile ${existing.id})`, {
      errors: [{ path: 'sampleId', message: `already used by profile ${existing.id}` }],
    });
  }
  return existing;
}

/** The record of a new profile of the acting lab, stamped with the context's id and time. */
export function newProfileRecord(ctx: TxContext, p: PreparedProfile): Profile {
  return { id: ctx.newId('prf'), lab: ctx.actor.org, ...p, createdAt: ctx.now().toISOString(), createdBy: ctx.actor.keyId };
}

/** Other profiles with the same autosomal genotype: possibly the same person sampled twice. */
export async function duplicatesOf(repos: Repositories, p: Profile): Promise<string[]> {
  return (await repos.profiles.findIdsByGenotypeHash(p.genotypeHash)).filter((id) => id !== p.id);
}

/** A concurrent identical upload can win the (lab, sampleId) race; the retry then sees it. */
async function retryOnceOnDuplicate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof AppError && e.code === 'DUPLICATE_KEY') return work();
    throw e;
  }
}
