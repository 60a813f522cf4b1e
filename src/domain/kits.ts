/**
 * Registry of commercial STR multiplex kits and the loci each one types.
 *
 * Locus lists follow the manufacturers' published panels and the validation / population papers
 * cited per kit. Names are the canonical spellings of src/kinship/nomenclature.ts (a test checks
 * that every name here is canonical there). `autosomal` loci enter kinship calculations;
 * `other` are Amelogenin and Y markers, used for sex and never in likelihoods.
 */
export interface Kit {
  readonly id: string;
  readonly manufacturer: string;
  readonly autosomal: readonly string[];
  readonly other: readonly string[];
  readonly source: string;
}

/** The 13 original CODIS core loci (Budowle et al. 1998, J Forensic Sci 43:1018). */
const CODIS_13 = [
  'CSF1PO', 'FGA', 'TH01', 'TPOX', 'vWA', 'D3S1358', 'D5S818', 'D7S820', 'D8S1179', 'D13S317',
  'D16S539', 'D18S51', 'D21S11',
] as const;

/** The 7 loci added in the expanded CODIS core of 2017 (Hares 2015, FSI Genet 17:33-34). */
const CODIS_ADDED_2017 = ['D1S1656', 'D2S441', 'D2S1338', 'D10S1248', 'D12S391', 'D19S433', 'D22S1045'] as const;

const KIT_LIST: readonly Kit[] = [
  {
    id: 'Identifiler',
    manufacturer: 'Applied Biosystems / Thermo Fisher',
    autosomal: [...CODIS_13, 'D2S1338', 'D19S433'],
    other: ['AMEL'],
    source: 'Collins et al. 2004, J Forensic Sci 49:1265 (AmpFlSTR Identifiler: 15 STR + Amelogenin)',
  },
  {
    id: 'Identifiler Plus',
    manufacturer: 'Applied Biosystems / Thermo Fisher',
    autosomal: [...CODIS_13, 'D2S1338', 'D19S433'],
    other: ['AMEL'],
    source: 'Wang et al. 2012, J Forensic Sci 57:453 (Identifiler Plus: same 16 markers as Identifiler)',
  },
  {
    id: 'GlobalFiler',
    manufacturer: 'Applied Biosystems / Thermo Fisher',
    autosomal: [...CODIS_13, ...CODIS_ADDED_2017, 'SE33'],
    other: ['AMEL', 'DYS391', 'Yindel'],
    source: 'Ludeman et al. 2018, Int J Legal Med 132:1555 (GlobalFiler: 21 STR + DYS391 + Y indel + Amelogenin)',
  },
  {
    id: 'PowerPlex 16',
    manufacturer: 'Promega',
    autosomal: [...CODIS_13, 'Penta D', 'Penta E'],
    other: ['AMEL'],
    source: 'Krenke et al. 2002, J Forensic Sci 47:773 (PowerPlex 16: 15 STR + Amelogenin)',
  },
  {
    id: 'PowerPlex 21',
    manufacturer: 'Promega',
    autosomal: [...CODIS_13, 'D1S1656', 'D2S1338', 'D6S1043', 'D12S391', 'D19S433', 'Penta D', 'Penta E'],
    other: ['AMEL'],
    source: 'Ensenberger et al. 2014, FSI Genet 9:169 (PowerPlex 21: 20 STR + Amelogenin)',
  },
  {
    id: 'PowerPlex Fusion',
    manufacturer: 'Promega',
    autosomal: [...CODIS_13, ...CODIS_ADDED_2017, 'Penta D', 'Penta E'],
    other: ['AMEL', 'DYS391'],
    source: 'Oostdik et al. 2014, FSI Genet 12:69 (PowerPlex Fusion: 24 loci = 22 STR + DYS391 + Amelogenin)',
  },
  {
    id: 'PowerPlex Fusion 6C',
    manufacturer: 'Promega',
    autosomal: [...CODIS_13, ...CODIS_ADDED_2017, 'Penta D', 'Penta E', 'SE33'],
    other: ['AMEL', 'DYS391', 'DYS576', 'DYS570'],
    source: 'Ensenberger et al. 2016, FSI Genet 21:134 (PowerPlex Fusion 6C: 23 STR + 3 Y-STR + Amelogenin)',
  },
  {
    id: 'Goldeneye 20A',
    manufacturer: 'Peoplespot (Beijing)',
    autosomal: [...CODIS_13, 'D2S1338', 'D19S433', 'D6S1043', 'D12S391', 'Penta D', 'Penta E'],
    other: ['AMEL'],
    source: 'Int J Legal Med 2013, doi:10.1007/s00414-013-0842-7; Chongqing Han data, Int J Legal Med 2017, doi:10.1007/s00414-017-1577-7 (19 STR + Amelogenin)',
  },
  {
    id: 'AGCU EX22',
    manufacturer: 'AGCU ScienTech (Wuxi)',
    autosomal: [
      ...CODIS_13, 'D2S441', 'D2S1338', 'D6S1043', 'D10S1248', 'D12S391', 'D19S433', 'Penta D', 'Penta E',
    ],
    other: ['AMEL'],
    source: 'Zou et al. 2016, Fa Yi Xue Za Zhi 32(5), doi:10.3969/j.issn.1004-5619.2016.05.010 (EX22: 21 STR + Amelogenin)',
  },
  {
    id: 'Huaxia Platinum',
    manufacturer: 'Thermo Fisher',
    autosomal: [...CODIS_13, ...CODIS_ADDED_2017, 'D6S1043', 'Penta D', 'Penta E'],
    other: ['AMEL'],
    source: 'Sheng et al. 2018, Forensic Sci Res, doi:10.1080/20961790.2018.1428782 (Huaxia Platinum: 23 STR + Amelogenin)',
  },
  {
    id: 'Investigator 24plex',
    manufacturer: 'QIAGEN',
    autosomal: [...CODIS_13, ...CODIS_ADDED_2017, 'SE33'],
    other: ['AMEL', 'DYS391'],
    source: 'Kraemer et al. 2017, FSI Genet 29:9 (Investigator 24plex: 21 STR + DYS391 + Amelogenin)',
  },
  {
    id: 'NGM SElect',
    manufacturer: 'Applied Biosystems / Thermo Fisher',
    autosomal: [
      'D10S1248', 'vWA', 'D16S539', 'D2S1338', 'D8S1179', 'D21S11', 'D18S51', 'D22S1045', 'D19S433', 'TH01',
      'FGA', 'D2S441', 'D3S1358', 'D1S1656', 'D12S391', 'SE33',
    ],
    other: ['AMEL'],
    source: 'Green et al. 2013, FSI Genet 7:41 (NGM SElect: 16 STR + Amelogenin; the UK DNA-17 set)',
  },
];

/** The kit id for profiles typed with any set of known loci (lab in-house panels, combined kits). */
export const CUSTOM_KIT = 'custom';

export const KITS: ReadonlyMap<string, Kit> = new Map(KIT_LIST.map((k) => [k.id, k]));

/** Every kit id a profile may name, custom included. */
export const KIT_IDS: readonly string[] = [...KITS.keys(), CUSTOM_KIT];

function kitKey(name: string): string {
  return name.toLowerCase().replace(/[\s_\-/.]+/g, '');
}

const KIT_BY_KEY: ReadonlyMap<string, string> = new Map(KIT_IDS.map((id) => [kitKey(id), id]));

/**
 * Canonical kit id for a name given by a lab ("globalfiler", "AGCU-EX22" -> "AGCU EX22"),
 * insensitive to case, spaces, hyphens and underscores; `undefined` when unknown.
 */
export function findKitId(name: string): string | undefined {
  return KIT_BY_KEY.get(kitKey(name));
}

export interface LociPolicy {
  /** A profile of a registered kit may lack at most this many of the kit's autosomal loci. */
  readonly maxMissingKitLoci: number;
  /** A `custom` profile needs at least this many autosomal loci. */
  readonly minCustomLoci: number;
}

export interface KitCoverage {
  readonly ok: boolean;
  /** Autosomal loci of the kit the profile does not type. */
  readonly missing: readonly string[];
  /** Loci the profile types that the kit does not have (any kind). */
  readonly notInKit: readonly string[];
  readonly required: number;
  readonly typed: number;
}

/**
 * Whether a profile's loci satisfy the minimum-loci policy of its kit.
 * `autosomalLoci` / `otherLoci` are canonical names, already classified by the nomenclature.
 */
export function assessKitCoverage(
  kitId: string,
  autosomalLoci: readonly string[],
  otherLoci: readonly string[],
  policy: LociPolicy,
): KitCoverage {
  if (kitId === CUSTOM_KIT) {
    const typed = autosomalLoci.length;
    return { ok: typed >= policy.minCustomLoci, missing: [], notInKit: [], required: policy.minCustomLoci, typed };
  }
  const kit = KITS.get(kitId);
  if (!kit) throw new Error(`unknown kit ${kitId}`);
  const inKit = new Set([...kit.autosomal, ...kit.other]);
  const typedSet = new Set(autosomalLoci);
  const missing = kit.autosomal.filter((l) => !typedSet.has(l));
  const notInKit = [...autosomalLoci, ...otherLoci].filter((l) => !inKit.has(l));
  const required = Math.max(0, kit.autosomal.length - policy.maxMissingKitLoci);
  const typed = kit.autosomal.length - missing.length;
  return { ok: typed >= required && notInKit.length === 0, missing, notInKit, required, typed };
}
