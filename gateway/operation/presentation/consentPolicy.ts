import type { Service } from '../../../common/services';
import consentPolicyJson from './consentPolicy.json';

/** What a purpose requires before a permit's personal data is released. */
export interface ConsentRule {
  /** Personal data only on a code the holder presents (`verifyPresentation`). */
  requirePresentedCode: boolean;
  /**
   * Whether a plain lookup may still select the record's public fields
   * ({@link FIELDS_WITHOUT_CODE}). Never a decision: one is computed from the guarded
   * records (a screen of SCHOOLING decisions tells which holders have no school-age child).
   */
  publicFieldsWithoutCode: boolean;
}

export type ConsentPolicy = Readonly<Partial<Record<Service, ConsentRule>>>;

/**
 * The default consent policy (data: consentPolicy.json): SCHOOLING requires a presented
 * code. It releases the most personal data of any purpose — the children's birth dates,
 * the district of residence and the social-insurance record — and the children are
 * minors, whose data PIPL art. 28 counts as sensitive (docs/domain.md, "Masking").
 */
export const CONSENT_POLICY: ConsentPolicy = consentPolicyJson as ConsentPolicy;

/**
 * The fields a plain lookup may still select under `publicFieldsWithoutCode`: the root
 * fields and their items' own fields, the record's public fields (those the issuer signs
 * in the clear, docs/selective-disclosure.md) and the directories (regions, policies),
 * which hold no permit data. No decision, reason or `eligibleFrom`: they are computed from
 * the records the code guards (DOMAIN.md, "Consent covers decisions too").
 */
export const FIELDS_WITHOUT_CODE: ReadonlySet<string> = new Set([
  'Query.permit', 'Query.permits', 'Query.recognise',
  'PermitLookup.id', 'PermitLookup.permit', 'PermitLookup.error',
  'RecognitionItem.permitId', 'RecognitionItem.host', 'RecognitionItem.service', 'RecognitionItem.permit', 'RecognitionItem.error',
  'ItemError.code', 'ItemError.messageEn', 'ItemError.messageZh',
  'ResidencePermit.id', 'ResidencePermit.issuer', 'ResidencePermit.issuingAuthorityCode', 'ResidencePermit.status',
  'ResidencePermit.validFrom', 'ResidencePermit.validUntil',
  'Query.regions', 'Query.recognitionPolicies',
  'RegionInfo.region', 'RegionInfo.nameZh', 'RegionInfo.nameEn', 'RegionInfo.issuingCodePrefixes',
  'RecognitionPolicy.version', 'RecognitionPolicy.effectiveFrom', 'RecognitionPolicy.effectiveUntil',
  'RecognitionPolicy.host', 'RecognitionPolicy.service', 'RecognitionPolicy.requirements',
  'PolicyRequirement.code', 'PolicyRequirement.descriptionZh', 'PolicyRequirement.descriptionEn', 'PolicyRequirement.value',
]);

/** The root fields that look permits up by number: what consent mode restricts. */
export const PLAIN_LOOKUPS: ReadonlySet<string> = new Set(['Query.permit', 'Query.permits', 'Query.recognise']);
