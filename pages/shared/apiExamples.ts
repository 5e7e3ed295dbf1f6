/**
 * The API's worked examples, one source for two readers: the explorer page opens each as
 * a named tab (pages/explorer/), and the README shows each as a `graphql` block
 * (`readmeBlock`), which test/readme.test.ts checks, so neither can drift from the other.
 * Each operation is named: GraphiQL titles a tab by its operation name. Data only, no
 * imports: the browser bundle takes this file as it is.
 */
export interface ApiExample {
  /** The operation, named, as the README and the explorer tab show it. */
  query: string;
  /** Its variables, when it has any. */
  variables?: Record<string, unknown>;
  /** The purpose the example is asked for (`X-Purpose`). */
  purpose: 'SCHOOLING' | 'MEDICAL_BILLING' | 'PROVIDENT_FUND_WITHDRAWAL';
  /**
   * The permit whose holder presents a code for `purpose`: the example's `$code` variable
   * holds the code (in development `npm run code -- <permit> --purpose <purpose>` mints one
   * as the holder's app would). SCHOOLING's personal data and decisions come only so.
   */
  presents?: string;
}

/** The `$code` variable of an example that `presents` a permit: how to get the code, in place of one. */
export function codePlaceholder(permitId: string, purpose: string): string {
  return `<the code printed by: npm run -s code -- ${permitId} --purpose ${purpose}>`;
}

const RECOGNITION_SELECTION = `decision eligibleFrom policyVersion decidedAt reasons { code messageZh observed required }
    verification { signatureValid keyId issuerTrusted }`;

/** In README order. */
export const API_EXAMPLES: readonly ApiExample[] = [
  {
    purpose: 'MEDICAL_BILLING',
    query: `query ShanghaiPermit { permit(id: "3101152022000001018") { id issuer status validUntil holder { name idNumber }
    medicalInsurance { status } ... on ShanghaiPermit { category } } }`,
  },
  {
    purpose: 'SCHOOLING',
    presents: '3205082021000002016',
    query: `query SuzhouPermitPresented($code: String!) { verifyPresentation(code: $code) {
    verification { issuer keyId issuerTrusted firstUse }
    permit { id issuer status residence { districtCode } dependants { birthDate } ... on SuzhouPermit { points district } } } }`,
    variables: { code: codePlaceholder('3205082021000002016', 'SCHOOLING') },
  },
  {
    purpose: 'MEDICAL_BILLING',
    query: `query HangzhouPermit { permit(id: "3301062020000003019") { id issuer status medicalInsurance { status } } }`,
  },
  {
    purpose: 'PROVIDENT_FUND_WITHDRAWAL',
    query: `query AnhuiPermit { permit(id: "3401042021000004014") { id issuer status providentFund { status contributionMonths }
    ... on AnhuiPermit { issuingCityCode issuingCityName } } }`,
  },
  {
    purpose: 'SCHOOLING',
    query: `query PermitBatch($ids: [ID!]!) { permits(ids: $ids) { id error { code } permit { id issuer status } } }`,
    variables: {
      ids: [
        '3101152022000001018',
        '3205082021000002016',
        '3301062020000003019',
        '3401042021000004014',
        '310101202500000999X',
        '1101012024000005017',
        '12345',
      ],
    },
  },
  {
    purpose: 'SCHOOLING',
    presents: '3301102025000003037',
    query: `query SchoolingInShanghai($code: String!) { verifyPresentation(code: $code) {
    permit { id recognition(host: SHANGHAI, service: SCHOOLING) {
    ${RECOGNITION_SELECTION} } } } }`,
    variables: { code: codePlaceholder('3301102025000003037', 'SCHOOLING') },
  },
  {
    purpose: 'MEDICAL_BILLING',
    query: `query MedicalBillingInHangzhou { permit(id: "3402022023000004027") { id recognition(host: HANGZHOU, service: MEDICAL_BILLING) {
    ${RECOGNITION_SELECTION} } } }`,
  },
  {
    purpose: 'PROVIDENT_FUND_WITHDRAWAL',
    query: `query FundWithdrawalInSuzhou { permit(id: "3101122020000001045") { id recognition(host: SUZHOU, service: PROVIDENT_FUND_WITHDRAWAL) {
    ${RECOGNITION_SELECTION} } } }`,
  },
  {
    purpose: 'MEDICAL_BILLING',
    query: `query RecogniseBatch($r: [RecognitionRequest!]!) { recognise(requests: $r) {
    permitId host service error { code } permit { requestedRecognition { decision reasons { code } } } } }`,
    variables: {
      r: [
        { permitId: '3101152022000001018', host: 'HANGZHOU', service: 'MEDICAL_BILLING' },
        { permitId: '3402022023000004027', host: 'HANGZHOU', service: 'MEDICAL_BILLING' },
        { permitId: '3401042021000004014', host: 'SHANGHAI', service: 'MEDICAL_BILLING' },
        { permitId: '3205062024000002030', host: 'SHANGHAI', service: 'MEDICAL_BILLING' },
        { permitId: 'bad', host: 'ANHUI', service: 'MEDICAL_BILLING' },
      ],
    },
  },
  {
    purpose: 'SCHOOLING',
    query: `query SchoolingPolicyInSuzhou { recognitionPolicies(host: SUZHOU, service: SCHOOLING) { version effectiveFrom
    requirements { code descriptionZh value } } }`,
  },
];

/** The operation name of an example: its tab title and its README anchor. */
export function exampleName(example: ApiExample): string {
  return /^query (\w+)/.exec(example.query)?.[1] ?? '';
}

/** The README's `graphql` block of an example: the operation, then its variables as a comment. */
export function readmeBlock(example: ApiExample): string {
  const variables = example.variables ? `\n# variables: ${JSON.stringify(example.variables)}` : '';
  return '```graphql\n' + example.query + variables + '\n```';
}
