import type {
  ApiKey, ApiKeyListQuery, AuditEntry, AuditListQuery, CaseListQuery, FoundPerson, FoundPersonListQuery,
  FrequencyTable, MissingCase, Profile,
} from '../../domain';
import type { ProfileQuery } from '../store';
import { filterOf, iso, isoOrNull, orNull, type Doc, type Filter } from './mongo-helpers';

/** Core records as MongoDB documents and back (domain id in `_id`, timestamps as Dates), and the list filters. */
export function toProfile(d: Doc): Profile {
  return {
    id: d._id, lab: d.lab as string, sampleId: d.sampleId as string, kind: d.kind as Profile['kind'], kit: d.kit as string,
    population: orNull(d.population as string | undefined), sex: orNull(d.sex as Profile['sex'] | undefined),
    genotypes: d.genotypes as Profile['genotypes'], autosomalLoci: d.autosomalLoci as number,
    genotypeHash: d.genotypeHash as string, contentHash: d.contentHash as string, createdAt: iso(d.createdAt),
    createdBy: d.createdBy as string,
  };
}

export function fromProfile(p: Profile): Doc {
  const { id, createdAt, ...rest } = p;
  return { _id: id, ...rest, createdAt: new Date(createdAt) };
}

export function toCase(d: Doc): MissingCase {
  const child = d.child as MissingCase['child'];
  const family = d.family as MissingCase['family'];
  return {
    id: d._id, alertId: orNull(d.alertId as string | undefined), traffickingCaseNo: orNull(d.traffickingCaseNo as string | undefined),
    child: { sex: child.sex, birthDate: orNull(child.birthDate ?? undefined), missingSince: child.missingSince, place: child.place },
    population: d.population as string, status: d.status as MissingCase['status'], org: d.org as string,
    openedBy: d.openedBy as string,
    family: {
      mode: family.mode, lab: orNull(family.lab ?? undefined),
      relatives: family.relatives.map((r) => ({ profileId: r.profileId, relationship: r.relationship, individualId: r.individualId })),
      pedigree: {
        missing: family.pedigree.missing,
        individuals: family.pedigree.individuals.map((i) => ({ id: i.id, father: orNull(i.father ?? undefined), mother: orNull(i.mother ?? undefined), sex: i.sex })),
        typed: { ...family.pedigree.typed },
      },
    },
    version: d.version as number, createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt),
  };
}

export function fromCase(c: MissingCase): Doc {
  const { id, createdAt, updatedAt, ...rest } = c;
  return {
    _id: id, ...rest, typedProfileIds: [...new Set(Object.values(c.family.pedigree.typed))],
    createdAt: new Date(createdAt), updatedAt: new Date(updatedAt),
  };
}

export function toFoundPerson(d: Doc): FoundPerson {
  return {
    id: d._id, profileId: d.profileId as string, foundAt: d.foundAt as string, place: d.place as string,
    estimatedBirthYear: orNull(d.estimatedBirthYear as number | undefined), notes: orNull(d.notes as string | undefined),
    status: d.status as FoundPerson['status'], org: d.org as string, createdBy: d.createdBy as string,
    version: d.version as number, createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt),
  };
}

export function fromFoundPerson(p: FoundPerson): Doc {
  const { id, createdAt, updatedAt, ...rest } = p;
  return { _id: id, ...rest, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
}

export function toTable(d: Doc): FrequencyTable {
  return {
    id: d._id, name: d.name as string, population: d.population as string, source: d.source as string,
    licenseNote: orNull(d.licenseNote as string | undefined), sampleSize: orNull(d.sampleSize as number | undefined),
    loci: JSON.parse(d.lociJson as string) as FrequencyTable['loci'], notes: [...(d.notes as string[])],
    builtIn: d.builtIn as boolean, createdAt: iso(d.createdAt), createdBy: d.createdBy as string,
  };
}

export function fromTable(t: FrequencyTable): Doc {
  const { id, loci, createdAt, ...rest } = t;
  return { _id: id, ...rest, lociJson: JSON.stringify(loci), notes: [...t.notes], createdAt: new Date(createdAt) };
}

export function fromApiKey(k: ApiKey): Doc {
  const { id, createdAt, revokedAt, ...rest } = k;
  return { _id: id, ...rest, createdAt: new Date(createdAt), revokedAt: revokedAt === null ? null : new Date(revokedAt) };
}

export function fromAudit(e: AuditEntry): Doc {
  const { id, at, ...rest } = e;
  return { _id: id, ...rest, at: new Date(at) };
}

export function toApiKey(d: Doc): ApiKey {
  return {
    id: d._id, role: d.role as ApiKey['role'], org: d.org as string, label: orNull(d.label as string | undefined),
    hash: d.hash as string, demo: d.demo as boolean, createdAt: iso(d.createdAt), revokedAt: isoOrNull(d.revokedAt),
  };
}

export function toAudit(d: Doc): AuditEntry {
  return {
    id: d._id, at: iso(d.at), actor: d.actor as string, role: d.role as AuditEntry['role'], org: d.org as string,
    action: d.action as AuditEntry['action'], targetType: d.targetType as AuditEntry['targetType'],
    targetId: d.targetId as string, requestId: orNull(d.requestId as string | undefined),
  };
}

/** Document <-> domain mappers, exported so that casting through the schemas can be checked without a server. */
export const mappers = {
  toProfile, fromProfile, toCase, fromCase, toFoundPerson, fromFoundPerson, toTable, fromTable, toApiKey, fromApiKey,
  toAudit, fromAudit,
};

/** Query shapes of the list methods, exported so that they can be checked without a server. */
export const listFilters = {
  profiles: (q: ProfileQuery): Filter => filterOf([['lab', '$eq', q.lab], ['kind', '$eq', q.kind]]),
  cases: (q: CaseListQuery): Filter => filterOf([
    ['status', '$eq', q.status], ['alertId', '$eq', q.alertId], ['traffickingCaseNo', '$eq', q.traffickingCaseNo],
    ['child.sex', '$eq', q.sex], ['child.missingSince', '$gte', q.missingSinceFrom], ['child.missingSince', '$lte', q.missingSinceTo],
  ]),
  foundPersons: (q: FoundPersonListQuery): Filter => filterOf([
    ['status', '$eq', q.status], ['foundAt', '$gte', q.foundFrom], ['foundAt', '$lte', q.foundTo],
  ]),
  apiKeys: (q: ApiKeyListQuery): Filter => filterOf([['role', '$eq', q.role], ['org', '$eq', q.org]]),
  audit: (q: AuditListQuery): Filter => filterOf([
    ['actor', '$eq', q.actor], ['org', '$eq', q.org], ['action', '$eq', q.action], ['targetType', '$eq', q.targetType],
    ['targetId', '$eq', q.targetId], ['at', '$gte', q.from && new Date(q.from)], ['at', '$lte', q.to && new Date(q.to)],
  ]),
};
