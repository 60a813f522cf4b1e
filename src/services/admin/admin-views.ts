import type {
  ApiKey, ApiKeyView, FrequencyTable, FrequencyTableSummary, FrequencyTableView,
} from '../../domain';

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
