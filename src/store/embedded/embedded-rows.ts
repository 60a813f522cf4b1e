import type { ApiKey, AuditEntry, FoundPerson, FrequencyTable, MissingCase, Profile } from '../../domain';
import { str, strOrNull, type Params, type Row } from './sql';

/** Rows of the core tables as domain records and back (JSON columns parsed, snake_case mapped). */
export function toProfile(r: Row): Profile {
  return {
    id: str(r.id), lab: str(r.lab), sampleId: str(r.sample_id), kind: r.kind as Profile['kind'], kit: str(r.kit),
    population: strOrNull(r.population), sex: strOrNull(r.sex) as Profile['sex'],
    genotypes: JSON.parse(str(r.genotypes)) as Profile['genotypes'], autosomalLoci: Number(r.autosomal_loci),
    genotypeHash: str(r.genotype_hash), contentHash: str(r.content_hash), createdAt: str(r.created_at), createdBy: str(r.created_by),
  };
}

export function toCase(r: Row): MissingCase {
  return {
    id: str(r.id), alertId: strOrNull(r.alert_id), traffickingCaseNo: strOrNull(r.trafficking_case_no),
    child: {
      sex: r.child_sex as MissingCase['child']['sex'], birthDate: strOrNull(r.child_birth_date),
      missingSince: str(r.missing_since), place: str(r.place),
    },
    population: str(r.population), status: r.status as MissingCase['status'], org: str(r.org), openedBy: str(r.opened_by),
    family: JSON.parse(str(r.family)) as MissingCase['family'], version: Number(r.version),
    createdAt: str(r.created_at), updatedAt: str(r.updated_at),
  };
}

export function caseParams(c: MissingCase): Params {
  return {
    id: c.id, alert_id: c.alertId, trafficking_case_no: c.traffickingCaseNo, child_sex: c.child.sex,
    child_birth_date: c.child.birthDate, missing_since: c.child.missingSince, place: c.child.place,
    population: c.population, status: c.status, org: c.org, opened_by: c.openedBy, family: JSON.stringify(c.family),
    version: c.version, created_at: c.createdAt, updated_at: c.updatedAt,
  };
}

export function toFoundPerson(r: Row): FoundPerson {
  return {
    id: str(r.id), profileId: str(r.profile_id), foundAt: str(r.found_at), place: str(r.place),
    estimatedBirthYear: r.estimated_birth_year === null ? null : Number(r.estimated_birth_year), notes: strOrNull(r.notes),
    status: r.status as FoundPerson['status'], org: str(r.org), createdBy: str(r.created_by), version: Number(r.version),
    createdAt: str(r.created_at), updatedAt: str(r.updated_at),
  };
}

export function foundPersonParams(p: FoundPerson): Params {
  return {
    id: p.id, profile_id: p.profileId, found_at: p.foundAt, place: p.place, estimated_birth_year: p.estimatedBirthYear,
    notes: p.notes, status: p.status, org: p.org, created_by: p.createdBy, version: p.version,
    created_at: p.createdAt, updated_at: p.updatedAt,
  };
}

export function toTable(r: Row): FrequencyTable {
  return {
    id: str(r.id), name: str(r.name), population: str(r.population), source: str(r.source),
    licenseNote: strOrNull(r.license_note), sampleSize: r.sample_size === null ? null : Number(r.sample_size),
    loci: JSON.parse(str(r.loci)) as FrequencyTable['loci'], notes: JSON.parse(str(r.notes)) as string[],
    builtIn: r.built_in === 1, createdAt: str(r.created_at), createdBy: str(r.created_by),
  };
}

export function toApiKey(r: Row): ApiKey {
  return {
    id: str(r.id), role: r.role as ApiKey['role'], org: str(r.org), label: strOrNull(r.label), hash: str(r.hash),
    demo: r.demo === 1, createdAt: str(r.created_at), revokedAt: strOrNull(r.revoked_at),
  };
}

export function toAudit(r: Row): AuditEntry {
  return {
    id: str(r.id), at: str(r.at), actor: str(r.actor), role: r.role as AuditEntry['role'], org: str(r.org),
    action: r.action as AuditEntry['action'], targetType: r.target_type as AuditEntry['targetType'],
    targetId: str(r.target_id), requestId: strOrNull(r.request_id),
  };
}

export function placeholders(prefix: string, values: readonly string[]): { sql: string; params: Params } {
  const params: Params = {};
  values.forEach((v, i) => (params[`${prefix}${i}`] = v));
  return { sql: values.map((_, i) => `@${prefix}${i}`).join(', '), params };
}
