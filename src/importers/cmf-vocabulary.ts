import type { ProfileKind, RelationshipHint } from './types';

/**
 * Controlled vocabularies of the CODIS Common Message Format. Sources: the CMF 3.2 import schema
 * (Interface Specification Rev. 9, 2006, Appendix B; test/fixtures/formats/cmf/CODIS-32.AppendixBexample.xsd)
 * and its 2017 successor shipped with NCBI OSIRIS (test/fixtures/formats/cmf/CMF-2017.xsd), which
 * adds the expanded CODIS core loci, Y markers, newer kits and categories.
 */

/** `LocusNameType` of CMF-2017.xsd, i.e. every LOCUSNAME an exported document may use. */
export const CMF_LOCUS_NAMES: readonly string[] = [
  'AMEL', 'Amelogenin', 'CSF1PO', 'D10S1248', 'D12S391', 'D13S317', 'D16S539', 'D18S51', 'D19S433',
  'D1S1656', 'D21S11', 'D22S1045', 'D2S1338', 'D2S441', 'D3S1358', 'D5S818', 'D7S820', 'D8S1179', 'FGA',
  'Penta D', 'Penta E', 'SE33', 'TH01', 'THO1', 'TP0X', 'TPOX', 'vWA', 'DYF387S1', 'DYS19', 'DYS385',
  'DYS389 I', 'DYS389 II', 'DYS390', 'DYS391', 'DYS392', 'DYS393', 'DYS437', 'DYS438', 'DYS439', 'DYS448',
  'DYS449', 'DYS456', 'DYS458', 'DYS460', 'DYS481', 'DYS518', 'DYS533', 'DYS549', 'DYS570', 'DYS576',
  'DYS627', 'DYS635', 'DYS643', 'YGATAH4', 'Yindel',
];

/** `KitType` of CMF-2017.xsd (a superset of the 3.2 list). */
export const CMF_KITS: readonly string[] = [
  'AmpFLSTR NGM', 'AmpFLSTR NGM SElect', 'AmpFlSTR Yfiler Plus', 'COfiler', 'GlobalFiler', 'GlobalFiler Express',
  'Identifiler', 'Identifiler Direct', 'Identifiler Plus', 'Investigator 24plex GO! Kit', 'Investigator 24plex QS Kit',
  'MiniFiler', 'Monoplex CSF1PO', 'Monoplex D13S317', 'Monoplex D16S539', 'Monoplex D5S818', 'Monoplex D7S820',
  'Monoplex TH01', 'Monoplex TPOX', 'Monoplex vWA', 'PowerPlex 1.1', 'PowerPlex 1.2', 'PowerPlex 16',
  'PowerPlex 16 HS', 'PowerPlex 2.1', 'PowerPlex ESI 16', 'PowerPlex ESI 17 Pro', 'PowerPlex ESX 16',
  'PowerPlex ESX 17', 'PowerPlex Fusion', 'PowerPlex Fusion 6C', 'Powerplex Y', 'Powerplex Y23', 'Profiler Plus',
  'SGM Plus', 'Y-PLEX 5', 'Y-PLEX 6', 'Yfiler',
];

/** `SpecimenCategoryType` of CMF-2017.xsd plus "Deduced Victim Known", which only the 3.2 list has. */
export const CMF_SPECIMEN_CATEGORIES: readonly string[] = [
  'Alleged Father', 'Alleged Mother', 'Arrestee', 'Biological Child', 'Biological Father', 'Biological Mother',
  'Biological Sibling', 'CO Duplicate', 'Convicted Offender', 'Deceased', 'Deduced Missing Person', 'Deduced Suspect',
  'Deduced Victim Known', 'Detainee', 'Elimination, Known', 'Forensic Mixture', 'Forensic Partial', 'Forensic Targeted',
  'Forensic, Unknown', 'Juvenile', 'Legal', 'Maternal Relative', 'Missing Person', 'Multi-allelic Offender', 'Other',
  'Paternal Relative', 'Population', 'Proficiency', 'Spouse', 'Staff', 'Suspect, Known', 'Unidentified Person',
  'Unreviewed Offender', 'Victim, Known', 'Volunteer',
];

/**
 * The categories CODIS keeps in its missing-person indexes (relatives of missing persons, missing
 * persons, unidentified human remains; FORMATS.md §2), mapped to our two sides. "Missing Person"
 * and "Deduced Missing Person" are reference samples of the missing person themself (personal
 * effects, or a profile deduced from relatives), so they sit on the family side. Every other
 * category (forensic, offender, staff ...) has no place in a reunification search.
 */
export const KINSHIP_CATEGORIES: Readonly<Record<string, { kind: ProfileKind; relationship?: RelationshipHint }>> = {
  'Unidentified Person': { kind: 'found' },
  'Missing Person': { kind: 'reference', relationship: 'self' },
  'Deduced Missing Person': { kind: 'reference', relationship: 'self' },
  'Biological Mother': { kind: 'reference', relationship: 'mother' },
  'Biological Father': { kind: 'reference', relationship: 'father' },
  'Alleged Mother': { kind: 'reference', relationship: 'mother' },
  'Alleged Father': { kind: 'reference', relationship: 'father' },
  'Biological Child': { kind: 'reference', relationship: 'child' },
  'Biological Sibling': { kind: 'reference', relationship: 'fullSibling' },
  'Maternal Relative': { kind: 'reference', relationship: 'maternalRelative' },
  'Paternal Relative': { kind: 'reference', relationship: 'paternalRelative' },
  Spouse: { kind: 'reference', relationship: 'spouse' },
};

/** Canonical locus name (nomenclature.ts) -> the LOCUSNAME written on export. */
export function cmfLocusName(canonical: string): string | undefined {
  if (canonical === 'AMEL') return 'Amelogenin';
  return CMF_LOCUS_NAMES.includes(canonical) ? canonical : undefined;
}

/**
 * Specimen category for a profile on export: its own category when it is a CMF category, else
 * derived from kind and relationship (the inverse of {@link KINSHIP_CATEGORIES}; grandparents,
 * uncles, aunts and half siblings become "Maternal Relative" / "Paternal Relative").
 */
export function cmfCategoryFor(p: { specimenCategory?: string; kind?: ProfileKind; relationship?: RelationshipHint }): string | undefined {
  if (p.specimenCategory && CMF_SPECIMEN_CATEGORIES.includes(p.specimenCategory)) return p.specimenCategory;
  if (p.kind === 'found') return 'Unidentified Person';
  if (p.kind !== 'reference' || !p.relationship) return undefined;
  const r = p.relationship;
  switch (r) {
    case 'self': return 'Missing Person';
    case 'mother': return 'Biological Mother';
    case 'father': return 'Biological Father';
    case 'child': return 'Biological Child';
    case 'fullSibling': return 'Biological Sibling';
    case 'spouse': return 'Spouse';
    default: return r.startsWith('maternal') ? 'Maternal Relative' : 'Paternal Relative';
  }
}
