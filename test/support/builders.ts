import { randomUUID } from 'node:crypto';
import type { ApiKey, AuditEntry, FoundPerson, FrequencyTable, MissingCase, Profile } from '../../src/domain';

/** Builders of valid records for store tests; every call makes fresh ids. Override what a test is about. */
export function aProfile(over: Partial<Profile> = {}): Profile {
  const id = `prf_${randomUUID()}`;
  return {
    id, lab: 'LAB-01', sampleId: `S-${id.slice(4, 12)}`, kind: 'reference', kit: 'Identifiler', population: null,
    sex: 'female', genotypes: { D3S1358: ['15', '16'], TH01: ['6', '9.3'], 'Penta D': ['9', '12'], AMEL: ['X', 'X'] },
    autosomalLoci: 3, genotypeHash: `g-${id}`, contentHash: `c-${id}`, createdAt: new Date().toISOString(), createdBy: 'key_test',
    ...over,
  };
}

export function aCase(over: Partial<MissingCase> = {}): MissingCase {
  const now = new Date().toISOString();
  return {
    id: `case_${randomUUID()}`, alertId: null, traffickingCaseNo: null,
    child: { sex: 'male', birthDate: '2015-03-01', missingSince: '2019-06-01', place: 'Chengdu' },
    population: 'nist1036-all', status: 'open', org: 'PSB-01', openedBy: 'key_inv',
    family: { mode: 'relationships', lab: null, relatives: [], pedigree: { missing: 'MP', individuals: [{ id: 'MP', father: null, mother: null, sex: 'male' }], typed: {} } },
    version: 1, createdAt: now, updatedAt: now,
    ...over,
  };
}

/** A case whose family is the father typed by `fatherProfileId`. */
export function aCaseWithFather(fatherProfileId: string, over: Partial<MissingCase> = {}): MissingCase {
  return aCase({
    family: {
      mode: 'relationships', lab: 'LAB-01',
      relatives: [{ profileId: fatherProfileId, relationship: 'father', individualId: 'FA' }],
      pedigree: {
        missing: 'MP',
        individuals: [
          { id: 'FA', father: null, mother: null, sex: 'male' },
          { id: 'MO', father: null, mother: null, sex: 'female' },
          { id: 'MP', father: 'FA', mother: 'MO', sex: 'male' },
        ],
        typed: { FA: fatherProfileId },
      },
    },
    ...over,
  });
}

export function aFoundPerson(profileId: string, over: Partial<FoundPerson> = {}): FoundPerson {
  const now = new Date().toISOString();
  return {
    id: `fp_${randomUUID()}`, profileId, foundAt: '2023-04-05', place: 'Guangzhou railway station',
    estimatedBirthYear: 2014, notes: null, status: 'unidentified', org: 'PSB-02', createdBy: 'key_inv', version: 1,
    createdAt: now, updatedAt: now,
    ...over,
  };
}

export function aFrequencyTable(over: Partial<FrequencyTable> = {}): FrequencyTable {
  return {
    id: `table-${randomUUID().slice(0, 8)}`, name: 'Test table', population: 'Test', source: 'test builder',
    licenseNote: null, sampleSize: 100, loci: { TH01: { '6': 0.25, '9.3': 0.5, '10': 0.25 } }, notes: ['built in a test'],
    builtIn: false, createdAt: new Date().toISOString(), createdBy: 'key_admin',
    ...over,
  };
}

export function anApiKey(over: Partial<ApiKey> = {}): ApiKey {
  const id = `key_${randomUUID()}`;
  return {
    id, role: 'lab', org: 'LAB-01', label: null, hash: randomUUID().replace(/-/g, '').padEnd(64, '0'), demo: false,
    createdAt: new Date().toISOString(), revokedAt: null,
    ...over,
  };
}

export function anAuditEntry(over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `aud_${randomUUID()}`, at: new Date().toISOString(), actor: 'key_test', role: 'lab', org: 'LAB-01',
    action: 'profile.create', targetType: 'profile', targetId: 'prf_x', requestId: 'req-1',
    ...over,
  };
}
