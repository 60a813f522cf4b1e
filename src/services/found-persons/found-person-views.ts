import type {
  FoundPerson, FoundPersonView,
} from '../../domain';

export function toFoundPersonView(p: FoundPerson): FoundPersonView {
  return {
    id: p.id, profileId: p.profileId, foundAt: p.foundAt, place: p.place, estimatedBirthYear: p.estimatedBirthYear,
    notes: p.notes, status: p.status, org: p.org, createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
}
