import type {
  ApiKey, ApiKeyView, CaseView, FoundPerson, FoundPersonView, FrequencyTable, FrequencyTableSummary, FrequencyTableView,
  MissingCase, Profile, ProfileSummary, ProfileView,
} from '../domain';

/** Response shapes of stored records: internal fields (hashes, key ids of creators) stay inside. */
export function toProfileView(p: Profile, possibleDuplicateOf: readonly string[]): ProfileView {
  return {
    id: p.id, lab: p.lab, sampleId: p.sampleId, kind: p.kind, kit: p.kit, population: p.population, sex: p.sex,
    genotypes: p.genotypes, autosomalLoci: p.autosomalLoci, possibleDuplicateOf: [...possibleDuplicateOf], createdAt: p.createdAt,
  };
}

export function toProfileSummary(p: Profile): ProfileSummary {
  return {
    id: p.id, lab: p.lab, sampleId: p.sampleId, kind: p.kind, kit: p.kit, population: p.population, sex: p.sex,
    autosomalLoci: p.autosomalLoci, createdAt: p.createdAt,
  };
}

export function toCaseView(c: MissingCase): CaseView {
  return {
    id: c.id, alertId: c.alertId, traffickingCaseNo: c.traffickingCaseNo, child: c.child, population: c.population,
    status: c.status, org: c.org,
    family: {
      mode: c.family.mode, lab: c.family.lab, relatives: c.family.relatives.map((r) => ({ ...r })),
      pedigree: { missing: c.family.pedigree.missing, individuals: c.family.pedigree.individuals.map((i) => ({ ...i })), typed: { ...c.family.pedigree.typed } },
    },
    version: c.version, createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

export function toFoundPersonView(p: FoundPerson): FoundPersonView {
  return {
    id: p.id, profileId: p.profileId, foundAt: p.foundAt, place: p.place, estimatedBirthYear: p.estimatedBirthYear,
    notes: p.notes, status: p.status, org: p.org, createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
}

export function toTableSummary(t: FrequencyTable, defaultId: string): FrequencyTableSummary {
  return {
    id: t.id, name: t.name, population: t.population, sampleSize: t.sampleSize, loci: Object.keys(t.loci),
    builtIn: t.builtIn, isDefault: t.id === defaultId, createdAt: t.createdAt,
  };
}

export function toTableView(t: FrequencyTable, defaultId: string): FrequencyTableView {
  return {
    id: t.id, name: t.name, population: t.population, source: t.source, licenseNote: t.licenseNote, sampleSize: t.sampleSize,
    loci: t.loci as Record<string, Record<string, number>>, notes: [...t.notes], builtIn: t.builtIn,
    isDefault: t.id === defaultId, createdAt: t.createdAt,
  };
}

export function toApiKeyView(k: ApiKey): ApiKeyView {
  return { id: k.id, role: k.role, org: k.org, label: k.label, demo: k.demo, createdAt: k.createdAt, revokedAt: k.revokedAt };
}
