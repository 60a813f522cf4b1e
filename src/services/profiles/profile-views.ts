import type {
  Profile, ProfileSummary, ProfileView,
} from '../../domain';

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
