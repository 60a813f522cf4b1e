/**
 * The shapes of the /v1 answers the workbench reads, as openapi.yaml documents them. Written
 * here rather than imported: the page is a client of the documented API and never imports
 * server code. The evidence fields are optional as in the API (a match stored before they were
 * computed lacks them until its next re-score): the page shows a dash without them.
 */
export type Role = 'lab' | 'investigator' | 'hub' | 'admin';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly errors?: ReadonlyArray<{ readonly path: string; readonly message: string }>;
}

export interface Session {
  readonly role: Role;
  readonly org: string;
  readonly expiresAt: string;
  readonly absoluteExpiresAt: string;
  readonly csrfToken: string;
  readonly reviewPolicy: { readonly requireTwoInvestigators: boolean; readonly requireRetestBeforeConfirm: boolean };
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export type Sex = 'male' | 'female';

export interface CaseView {
  readonly id: string;
  readonly alertId: string | null;
  readonly traffickingCaseNo: string | null;
  readonly child: { readonly sex: Sex; readonly birthDate: string | null; readonly missingSince: string; readonly place: string };
  readonly population: string;
  readonly status: string;
  readonly org: string;
  readonly family: {
    readonly relatives: ReadonlyArray<{ readonly profileId: string; readonly relationship: string; readonly individualId: string }>;
    readonly pedigree: { readonly missing: string; readonly typed: Readonly<Record<string, string>> };
  };
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface FoundPersonView {
  readonly id: string;
  readonly profileId: string;
  readonly foundAt: string;
  readonly place: string;
  readonly estimatedBirthYear: number | null;
  readonly notes: string | null;
  readonly status: string;
  readonly org: string;
  readonly createdAt: string;
}

export interface MatchLocus {
  readonly locus: string;
  readonly LR: number | null;
  readonly log10LR: number | null;
  readonly status: 'consistent' | 'mutation' | 'excluded';
  readonly compared: boolean;
  readonly mutationSteps?: number;
  readonly alleles?: { readonly foundPerson: readonly string[]; readonly relatives: Readonly<Record<string, readonly string[]>> };
}

export type MatchFlag = 'alternativeRelationship' | 'sexConflict' | 'ageConflict' | 'dateConflict';

export interface RelationshipLog10Lr {
  /** "missingChild" (the claim), a relationship of the found person to the missing child, or "unrelated". */
  readonly relationship: string;
  /** null for LR 0 (excluded without mutation). */
  readonly log10LR: number | null;
}

export interface NonGeneticEvidenceItem {
  readonly kind: 'sex' | 'age' | 'date';
  readonly conflict: boolean;
  readonly reason: string;
}

export interface MatchView {
  readonly id: string;
  readonly caseId: string;
  readonly foundPersonId: string;
  readonly status: string;
  readonly LR: number | null;
  readonly log10LR: number;
  readonly loci: readonly MatchLocus[];
  readonly inconsistentLoci: number;
  readonly lociCompared: number;
  readonly expectedAdventitious: number;
  readonly databaseSize: number;
  readonly meetsPolicy: boolean;
  readonly exclusionReason?: string | null;
  readonly databasePosterior?: number;
  readonly databasePosteriorOverFoundPersons?: number;
  readonly alternatives?: readonly RelationshipLog10Lr[];
  readonly mostLikelyRelationship?: string;
  readonly indistinguishableRelationships?: readonly string[];
  readonly exceedance?: number;
  /** Single-match view only. */
  readonly unrelatedDistribution?: { readonly log10LR: readonly number[]; readonly exceedance: readonly number[] };
  readonly flags?: readonly MatchFlag[];
  readonly evidence?: readonly NonGeneticEvidenceItem[];
  readonly policyVersion: number;
  readonly familyShape: string;
  readonly scoredAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A candidate list: absent expectedFalseCandidates means the service runs without a search index. */
export interface MatchPage extends Page<MatchView> {
  readonly expectedFalseCandidates?: number;
}

/** GET /v1/cases/{id}/power: how likely the true child would be found, and whom to type next. */
export interface FamilyPowerView {
  readonly caseId: string;
  readonly policyVersion: number;
  readonly simulations: number;
  readonly probabilityMeetsPolicy: number;
  readonly expectedFalseCandidates: number;
  readonly relatives: ReadonlyArray<{
    readonly individualId: string;
    readonly relationship: string | null;
    readonly isNew: boolean;
    readonly probabilityMeetsPolicy: number;
    readonly gain: number;
  }>;
}

export interface ReviewView {
  readonly id: string;
  readonly decision: string;
  readonly outcome: string;
  readonly note: string | null;
  readonly actor: string;
  readonly org: string;
  readonly at: string;
  readonly matchStatusBefore: string;
  readonly matchStatusAfter: string;
}

export interface MatchReviewsView {
  readonly matchId: string;
  readonly status: string;
  readonly confirmations: { readonly given: number; readonly required: number };
  readonly reviews: readonly ReviewView[];
}

export interface ReviewResultView {
  readonly review: ReviewView;
  readonly match: MatchView;
  readonly caseStatus: string;
  readonly foundPersonStatus: string;
}

export interface PedigreeDrawing {
  readonly width: number;
  readonly height: number;
  readonly members: ReadonlyArray<{
    readonly id: string; readonly sex: Sex; readonly x: number; readonly y: number; readonly typed: boolean; readonly missing: boolean;
    readonly relationship: string | null;
  }>;
  readonly lines: ReadonlyArray<{ readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number }>;
}

export interface StatsView {
  readonly alertsRegistered: number;
  readonly cases: { readonly total: number; readonly open: number; readonly byStatus: Readonly<Record<string, number>> };
  readonly foundPersons: { readonly total: number; readonly byStatus: Readonly<Record<string, number>> };
  readonly candidates: number;
  readonly reunions: number;
  readonly medianUploadToCandidateMs: number | null;
  readonly medianCandidateToReunionMs: number | null;
  readonly generatedAt: string;
}
