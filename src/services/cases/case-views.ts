import type {
  CaseView, MissingCase,
} from '../../domain';

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
