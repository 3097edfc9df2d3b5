// The access matrix: for every operation of the OpenAPI document (method and path template), who passes its gate
// and what each role's call answers on a record in its scope and on one outside it. access-matrix.int.test.ts calls
// every operation as every role and fails on an operation without an entry here, on an entry naming no operation,
// and on any status other than the one written here.
//
// How an entry reads (the test's `expected`):
// - `access`: the route's gate as its declaration publishes it (`x-access` in the OpenAPI document): the permissions
//   (any of them), `authenticated`, `public`, `resident` (the portal: every staff call is 401), or `undeclared` (a
//   root route outside defineRoute). A role holding none of the permissions gets 403, in scope or not.
// - `in`: a read by the role's demo user of 开州区 (access-matrix.fixtures.ts: IN_SCOPE_USERS) of the demo's record
//   of that kind in 开州区 (preferring 驷马社区, then 汉丰街道). Default 200.
// - `out`: the same call by the role's user of 两江新区, for whom the record lies in another district. Default 404
//   for an operation on a record (a write on one too: writes are sent with a body sampled from their schema, so they
//   reach their scope check; 400 where the sample cannot pass the schema's refinements), 200 for a list (scoped to
//   the caller). A list or figure that takes an `orgId` is asked for the 开州 record's org: 404 out of scope.
// - a number for every role through the gate, or by role with `other` for the rest.
// - `anonymous`: the signed-out call, when not the default (401; 200 for a public read).
// - `body`, `query`, `upload`: what the sampled request needs to pass validation and reach the scope check (an
//   upload sends a one-pixel PNG). The writes left at 400 stop at validation: the calendar and the demand categories
//   (the platform's, not an org's), the person import and the attendance error sheet (a spreadsheet, not a PNG), the
//   portal's sign-in and check-in (a phone, a signed token).
// Where a role's in-scope answer is not 200 the product says so: a case's content is need-to-know (decision 0005: a
// cadre, mediator or counsellor not assigned to it gets CASE_ACCESS_DENIED, 403); the executive member (驷马社区) and
// the volunteer get 404 where the record is one they do not see (another community's, a visit or demand not theirs);
// 404 for everyone where the demo holds no record of the kind in 开州区 — the id is then 2147483647: imports,
// proposals, parcel batches and report forms (the city's), files of visits, cases, activities and tasks (the demo's
// files are care materials and proofs), saved filters and role grants (a user's, not an org's).
// A status that reveals an access bug is not written here as if right: the entry keeps the right status and carries
// `knownIssue` (what is wrong, who was told); the test then reports the difference instead of failing on it.
import type { Permission, Role } from '@jinguo/contracts';

export type Access = readonly Permission[] | 'authenticated' | 'public' | 'resident' | 'undeclared';
export type Expect = number | Partial<Record<Role | 'other', number>>;
export interface Entry {
  access: Access;
  in?: Expect;
  out?: Expect;
  anonymous?: number;
  /** Fields set over the body sampled from the schema, where the sample cannot pass its refinements. */
  body?: Record<string, unknown>;
  /** An upload: the call's body is a one-pixel PNG sent as this content type. */
  upload?: string;
  /** Query parameters sent with the call (`a=1&b=2`), over the sampled required ones. */
  query?: string;
  /** An access bug the matrix has found and not yet fixed: what is wrong, who was told. */
  knownIssue?: string;
}

export const ACCESS_MATRIX: Record<string, Entry> = {
  // health
  'GET /api/health': { access: 'undeclared' },
  // audit
  'GET /api/v1/audit/events': { access: ['audit.read'] },
  'POST /api/v1/audit/verify': { access: ['audit.read'], out: 200 },
  // calendar
  'GET /api/v1/calendar': { access: 'authenticated' },
  'GET /api/v1/calendar/days': { access: 'authenticated' },
  'PUT /api/v1/calendar/years/{year}': { access: ['calendar.manage'], out: 400 },
  // notifications
  'GET /api/v1/notifications': { access: 'authenticated' },
  'GET /api/v1/notifications/unread-count': { access: 'authenticated' },
  'POST /api/v1/notifications/{notificationId}/read': { access: 'authenticated' },
  'POST /api/v1/notifications/read-all': { access: 'authenticated', out: 200 },
  // dev
  'GET /api/v1/dev/outbox': { access: ['dev.outbox.read'] },
  // places
  'GET /api/v1/places': { access: 'authenticated' },
  // organizations
  'GET /api/v1/organizations/roots': { access: ['org.read'] },
  'GET /api/v1/organizations/search': { access: ['org.read'] },
  'GET /api/v1/organizations/reorganizations': { access: ['org.read'] },
  'GET /api/v1/organizations/{orgId}': { access: ['org.read'] },
  'PATCH /api/v1/organizations/{orgId}': { access: ['org.write'] },
  'GET /api/v1/organizations/{orgId}/children': { access: ['org.read'] },
  'GET /api/v1/organizations/{orgId}/ancestors': { access: ['org.read'] },
  'GET /api/v1/organizations/{orgId}/coverage': { access: ['org.read'] },
  'GET /api/v1/organizations/{orgId}/history': { access: ['org.read'] },
  'POST /api/v1/organizations': { access: ['org.write'] },
  'POST /api/v1/organizations/{orgId}/rename': { access: ['org.reorganize'] },
  'POST /api/v1/organizations/{orgId}/move': { access: ['org.reorganize'] },
  'POST /api/v1/organizations/{orgId}/merge': { access: ['org.reorganize'] },
  'POST /api/v1/organizations/{orgId}/split': { access: ['org.reorganize'] },
  'POST /api/v1/organizations/{orgId}/dissolve': { access: ['org.reorganize'] },
  'GET /api/v1/organizations/{orgId}/spaces': { access: ['org.read'] },
  'POST /api/v1/organizations/{orgId}/spaces': { access: ['org.write'] },
  // spaces
  'PATCH /api/v1/spaces/{spaceId}': { access: ['org.write'] },
  'DELETE /api/v1/spaces/{spaceId}': { access: ['org.write'] },
  // organizations
  'GET /api/v1/organizations/{orgId}/officers': { access: ['org.read'] },
  'POST /api/v1/organizations/{orgId}/officers': { access: ['org.officers.write'] },
  // officers
  'POST /api/v1/officers/{officerId}/end': { access: ['org.officers.write'] },
  // organizations
  'GET /api/v1/organizations/{orgId}/terms': { access: ['org.read'] },
  'POST /api/v1/organizations/{orgId}/terms': { access: ['org.officers.write'] },
  // terms
  'POST /api/v1/terms/{termId}/transition': { access: ['org.officers.write'] },
  // people
  'GET /api/v1/people': { access: ['person.read'], out: 404 },
  'POST /api/v1/people': { access: ['person.write'] },
  'GET /api/v1/people/duplicates': { access: ['person.read'], out: 404 },
  'POST /api/v1/people/merge': { access: ['person.write'], body: { targetId: 2 } },
  'GET /api/v1/people/tags': { access: ['person.read'] },
  // the tag dictionary is the platform's, not an org's: a cadre anywhere adds to it (run after the digest)
  'POST /api/v1/people/tags': { access: ['person.write'], out: 201, body: { code: 'matrix_tag' } },
  'GET /api/v1/people/saved-filters': { access: ['person.read'] },
  'POST /api/v1/people/saved-filters': { access: ['person.read'], out: 201 },
  'DELETE /api/v1/people/saved-filters/{filterId}': { access: ['person.read'] },
  'GET /api/v1/people/migrants': { access: ['person.read'] },
  'GET /api/v1/people/migrants/unmatched-places': { access: ['person.read'] },
  'GET /api/v1/people/{personId}': { access: ['person.read'] },
  'PATCH /api/v1/people/{personId}': { access: ['person.write'] },
  'POST /api/v1/people/{personId}/unmask': { access: ['person.unmask'] },
  'POST /api/v1/people/{personId}/tags': { access: ['person.write'] },
  'GET /api/v1/people/{personId}/tag-history': { access: ['person.read'] },
  'POST /api/v1/people/{personId}/guardians': { access: ['person.write'] },
  'DELETE /api/v1/people/{personId}/guardians/{guardianId}': { access: ['person.write'] },
  'GET /api/v1/people/{personId}/timeline': { access: ['person.read'] },
  'GET /api/v1/people/{personId}/merges': { access: ['person.read'] },
  'GET /api/v1/people/{personId}/families': { access: ['person.read'] },
  'GET /api/v1/people/{personId}/migrant-profile': { access: ['person.read'] },
  'PUT /api/v1/people/{personId}/migrant-profile': { access: ['person.write'] },
  'GET /api/v1/people/{personId}/consents': { access: ['person.read'] },
  'POST /api/v1/people/{personId}/consents': { access: ['person.write'] },
  'POST /api/v1/people/{personId}/consents/{consentId}/withdraw': { access: ['person.write'] },
  // retention (the platform's: an admin acting at the top org, decision 0016)
  // 两江新区's admin is not at the top org: 404 (the demo has no retention run yet: 404 by id)
  'GET /api/v1/retention/policies': { access: ['retention.manage'], out: 404 },
  'PUT /api/v1/retention/policies/{recordType}': { access: ['retention.manage'] },
  'GET /api/v1/retention/runs': { access: ['retention.manage'], out: 404 },
  'GET /api/v1/retention/runs/{runId}': { access: ['retention.manage'], in: 404 },
  'POST /api/v1/retention/runs': { access: ['retention.manage'] },
  'POST /api/v1/retention/runs/{runId}/apply': { access: ['retention.manage'] },
  // families
  'POST /api/v1/families': { access: ['person.write'] },
  'GET /api/v1/families': { access: ['person.read'], out: 404 },
  'GET /api/v1/families/{familyId}': { access: ['person.read'] },
  'POST /api/v1/families/{familyId}/members': { access: ['person.write'] },
  'DELETE /api/v1/families/{familyId}/members/{personId}': { access: ['person.write'] },
  'POST /api/v1/families/{familyId}/honours': { access: ['person.write'] },
  // people
  'GET /api/v1/people/import/template': { access: ['person.write'] },
  'GET /api/v1/people/imports': { access: ['person.read'] },
  'POST /api/v1/people/imports': {
    access: ['person.write'],
    out: 400,
    upload: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  'GET /api/v1/people/imports/{importId}': { access: ['person.read'], in: 404 },
  'GET /api/v1/people/imports/{importId}/problems': { access: ['person.read'], in: 404 },
  'GET /api/v1/people/imports/{importId}/errors.xlsx': { access: ['person.read'], in: 404 },
  'POST /api/v1/people/imports/{importId}/commit': { access: ['person.write'] },
  'POST /api/v1/people/imports/{importId}/discard': { access: ['person.write'] },
  'GET /api/v1/people/export.xlsx': { access: ['person.read'], out: 404 },
  'POST /api/v1/people/export.xlsx': { access: ['person.unmask'], body: { password: 'Matrix@2026' } },
  // demands
  'GET /api/v1/demands': { access: ['demand.read', 'demand.handle'], out: 404 },
  'POST /api/v1/demands': { access: ['demand.write'], body: { category: 'legal_advice' } },
  'GET /api/v1/demands/categories': { access: ['demand.read', 'demand.handle', 'catalogue.write', 'visit.record'] },
  'POST /api/v1/demands/categories': { access: ['catalogue.write'], out: 400 },
  'PATCH /api/v1/demands/categories/{code}': { access: ['catalogue.write'], out: 403 },
  'GET /api/v1/demands/indicators': { access: ['demand.read'], out: 404 },
  'GET /api/v1/demands/suggestions': { access: ['demand.read'], out: 404 },
  'POST /api/v1/demands/suggestions/hand-over': { access: ['demand.write'] },
  'GET /api/v1/demands/handlers': { access: ['demand.write'], out: 404 },
  'GET /api/v1/demands/{demandId}': { access: ['demand.read', 'demand.handle'], in: { volunteer: 404, other: 200 } },
  'POST /api/v1/demands/{demandId}/transitions': { access: ['demand.write', 'demand.handle'] },
  'POST /api/v1/demands/{demandId}/supervision': { access: ['demand.write'] },
  // catalogue
  'GET /api/v1/catalogue': { access: ['demand.read', 'catalogue.write'], out: 404 },
  'POST /api/v1/catalogue': { access: ['catalogue.write'], body: { category: 'legal_advice' } },
  'GET /api/v1/catalogue/{itemId}': { access: ['demand.read', 'catalogue.write'] },
  'PATCH /api/v1/catalogue/{itemId}': { access: ['catalogue.write'] },
  // demands
  'GET /api/v1/demands/proposals': { access: ['demand.read'], out: 404 },
  'POST /api/v1/demands/proposals': { access: ['demand.write'] },
  'GET /api/v1/demands/proposals/{proposalId}': { access: ['demand.read'], in: 404 },
  'PATCH /api/v1/demands/proposals/{proposalId}': { access: ['demand.write'] },
  'DELETE /api/v1/demands/proposals/{proposalId}': { access: ['demand.write'] },
  'POST /api/v1/demands/proposals/{proposalId}/transitions': { access: ['demand.write'] },
  // visits
  'GET /api/v1/visits/campaigns': { access: ['visit.read', 'visit.record'], out: 404 },
  'POST /api/v1/visits/campaigns': { access: ['campaign.manage'] },
  'GET /api/v1/visits/campaigns/{campaignId}': { access: ['visit.read', 'visit.record'] },
  'POST /api/v1/visits/campaigns/{campaignId}/close': { access: ['campaign.manage'] },
  'GET /api/v1/visits/campaigns/{campaignId}/progress': { access: ['visit.read', 'visit.record'] },
  'GET /api/v1/visits': { access: ['visit.read', 'visit.record'], out: 404 },
  'POST /api/v1/visits': { access: ['visit.write', 'visit.record'] },
  'GET /api/v1/visits/{visitId}': { access: ['visit.read', 'visit.record'], in: { executive_member: 404, other: 200 } },
  'POST /api/v1/visits/{visitId}/needs/{needId}/demand': { access: ['visit.write', 'visit.record'] },
  'GET /api/v1/visits/{visitId}/photos/{fileId}': { access: ['visit.read', 'visit.record'], in: 404 },
  'DELETE /api/v1/visits/{visitId}/photos/{fileId}': { access: ['visit.write', 'visit.record'] },
  // cases
  'GET /api/v1/cases': { access: ['case.read'], out: 404 },
  'POST /api/v1/cases': { access: ['case.intake'], body: { channel: 'walk_in' } },
  'GET /api/v1/cases/due': { access: ['case.read'], out: 404 },
  'POST /api/v1/cases/from-demand/{demandId}': { access: ['case.intake'] },
  // exports the caller's own cases (no org to name): out of 开州, an export of her district's
  'POST /api/v1/cases/export': { access: ['case.export'], out: 200, body: { password: 'Matrix@2026' } },
  'GET /api/v1/cases/figures': { access: ['case.figures'], out: 404 },
  'POST /api/v1/cases/screenings': { access: ['case.screening'] },
  'POST /api/v1/cases/nil-reports': { access: ['case.screening'], body: { period: '2026-11' } },
  'GET /api/v1/cases/nil-reports': { access: ['case.figures'], out: 404, query: 'period=2026-11&orgId={orgId}' },
  'GET /api/v1/cases/agencies': { access: ['case.read', 'case.agencies.manage'] },
  'POST /api/v1/cases/agencies': { access: ['case.agencies.manage'] },
  'GET /api/v1/cases/mediators': { access: ['case.read'] },
  'POST /api/v1/cases/mediators': { access: ['case.agencies.manage'] },
  'GET /api/v1/cases/{caseId}': { access: ['case.read'], in: { case_worker: 200, case_supervisor: 200, other: 403 } },
  'GET /api/v1/cases/{caseId}/summary': { access: ['case.read'] },
  'POST /api/v1/cases/{caseId}/transitions': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/assessments': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/contacted': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/assignments': { access: ['case.assign'] },
  'DELETE /api/v1/cases/{caseId}/assignments/{assignmentId}': { access: ['case.assign'] },
  'POST /api/v1/cases/{caseId}/supervise': { access: ['case.assign'] },
  'PUT /api/v1/cases/{caseId}/safety-plan': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/parties/{partyId}/unmask': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/callback/unmask': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/break-glass': { access: ['case.breakglass'] },
  'POST /api/v1/cases/{caseId}/follow-ups': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/follow-ups/{followUpId}/done': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/referrals': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/referrals/{referralId}/withdraw': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/instruments': { access: ['case.write'] },
  'PATCH /api/v1/cases/{caseId}/instruments/{instrumentId}': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/mediations': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/mediations/{mediationId}/sessions': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/mediations/{mediationId}/outcome': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/mediations/{mediationId}/judicial-confirmation': { access: ['case.write'] },
  'PUT /api/v1/cases/{caseId}/mandatory-report': { access: ['case.write'] },
  'POST /api/v1/cases/{caseId}/services': { access: ['case.write'] },
  'GET /api/v1/cases/{caseId}/attachments/{fileId}': {
    access: ['case.read'],
    in: { case_worker: 404, case_supervisor: 404, other: 403 },
  },
  // referrals
  'GET /api/v1/referrals': { access: ['case.referral.respond'], out: 403 },
  'GET /api/v1/referrals/{referralId}': { access: ['case.referral.respond'], out: 403 },
  'POST /api/v1/referrals/{referralId}/respond': { access: ['case.referral.respond'], out: 403 },
  // portal
  'POST /api/v1/portal/auth/code': { access: 'public', out: 400, anonymous: 400 },
  'POST /api/v1/portal/auth/login': { access: 'public', out: 400, anonymous: 400 },
  'GET /api/v1/portal/me': { access: 'resident' },
  'PATCH /api/v1/portal/me': { access: 'resident' },
  'GET /api/v1/portal/places': { access: 'public' },
  'GET /api/v1/portal/notifications': { access: 'resident' },
  'POST /api/v1/portal/notifications/read-all': { access: 'resident' },
  // residents
  'GET /api/v1/residents/{residentId}': { access: ['resident.read'] },
  'POST /api/v1/residents/{residentId}/link': { access: ['resident.link'] },
  // portal
  'GET /api/v1/portal/catalogue': { access: 'resident' },
  'POST /api/v1/portal/orders': { access: 'resident' },
  'POST /api/v1/portal/help': { access: 'public', anonymous: 404, body: { category: 'legal_advice' } },
  'GET /api/v1/portal/requests': { access: 'resident' },
  'GET /api/v1/portal/requests/{demandId}': { access: 'resident' },
  'POST /api/v1/portal/requests/{demandId}/rate': { access: 'resident' },
  'POST /api/v1/portal/requests/{demandId}/cancel': { access: 'resident' },
  'GET /api/v1/portal/track/{code}': { access: 'public', in: 404, out: 404, anonymous: 404 },
  'POST /api/v1/portal/track/{code}/rate': { access: 'public', anonymous: 404 },
  // care-programs
  'GET /api/v1/care-programs/programs': { access: ['care.read'] },
  'POST /api/v1/care-programs/programs': {
    access: ['care.manage'],
    body: {
      code: 'matrix_program',
      reviewChain: [{ code: 'street', name: '街道审核', levels: ['city'], workdays: 1 }],
    },
  },
  'GET /api/v1/care-programs/programs/{programId}': { access: ['care.read'] },
  'PUT /api/v1/care-programs/programs/{programId}': {
    access: ['care.manage'],
    body: {
      code: 'matrix_program',
      reviewChain: [{ code: 'street', name: '街道审核', levels: ['city'], workdays: 1 }],
    },
  },
  'GET /api/v1/care-programs/eligibility': { access: ['care.read'], out: 404 },
  'GET /api/v1/care-programs/applications': { access: ['care.read'], out: 404 },
  'POST /api/v1/care-programs/applications': { access: ['care.apply'] },
  'GET /api/v1/care-programs/applications/{applicationId}': { access: ['care.read'] },
  'PATCH /api/v1/care-programs/applications/{applicationId}': { access: ['care.apply'] },
  'POST /api/v1/care-programs/applications/{applicationId}/submit': { access: ['care.apply'] },
  'POST /api/v1/care-programs/applications/{applicationId}/withdraw': { access: ['care.apply'] },
  'POST /api/v1/care-programs/applications/{applicationId}/review': { access: ['care.review'] },
  'POST /api/v1/care-programs/applications/{applicationId}/unmask': { access: ['care.unmask'] },
  'POST /api/v1/care-programs/applications/{applicationId}/pay': { access: ['care.pay'] },
  'POST /api/v1/care-programs/payments': { access: ['care.pay'] },
  'POST /api/v1/care-programs/programs/{programId}/payment-list': { access: ['care.pay'] },
  'GET /api/v1/care-programs/beneficiaries': { access: ['care.read'], out: 404 },
  'GET /api/v1/care-programs/figures': { access: ['care.read'], out: 404 },
  'GET /api/v1/care-programs/applications/{applicationId}/materials/{fileId}': {
    access: ['care.read'],
    in: { executive_member: 404, other: 200 },
  },
  'DELETE /api/v1/care-programs/applications/{applicationId}/materials/{fileId}': { access: ['care.apply'] },
  'GET /api/v1/care-programs/parcels': { access: ['care.read'] },
  'POST /api/v1/care-programs/parcels': { access: ['care.manage'] },
  'GET /api/v1/care-programs/parcels/{batchId}': { access: ['care.read'], in: 404 },
  'POST /api/v1/care-programs/parcels/{batchId}/allocations': { access: ['care.manage'] },
  'GET /api/v1/care-programs/parcels/{batchId}/deliveries': { access: ['care.read'], in: 404 },
  'POST /api/v1/care-programs/parcels/{batchId}/deliveries': { access: ['care.apply', 'care.manage'] },
  'POST /api/v1/care-programs/deliveries/{deliveryId}/feedback': { access: ['care.apply', 'care.manage'] },
  'GET /api/v1/care-programs/greetings': { access: ['care.read'] },
  'POST /api/v1/care-programs/greetings': { access: ['care.manage'] },
  'GET /api/v1/care-programs/greetings/{listId}': { access: ['care.read'], in: { executive_member: 404, other: 200 } },
  'POST /api/v1/care-programs/greetings/{listId}/entries/{entryId}/greeted': { access: ['care.apply', 'care.manage'] },
  // portal
  'GET /api/v1/portal/care-programs': { access: 'resident' },
  'GET /api/v1/portal/care-programs/applications': { access: 'resident' },
  'POST /api/v1/portal/care-programs/applications': { access: 'resident' },
  'GET /api/v1/portal/care-programs/applications/{applicationId}': { access: 'resident' },
  'POST /api/v1/portal/care-programs/applications/{applicationId}/submit': { access: 'resident' },
  // care-programs
  'GET /api/v1/care-programs/pairings': { access: ['care.read'] },
  'POST /api/v1/care-programs/pairings': { access: ['care.manage'] },
  'GET /api/v1/care-programs/pairings/{pairingId}': {
    access: ['care.read'],
    in: { executive_member: 404, other: 200 },
  },
  'POST /api/v1/care-programs/pairings/{pairingId}/contacts': { access: ['care.apply', 'care.manage'] },
  'POST /api/v1/care-programs/pairings/{pairingId}/end': { access: ['care.manage'] },
  'GET /api/v1/care-programs/wishes': { access: ['care.read'] },
  'POST /api/v1/care-programs/wishes': { access: ['care.apply', 'care.manage'] },
  'GET /api/v1/care-programs/wishes/{wishId}': { access: ['care.read'], in: { executive_member: 404, other: 200 } },
  'PATCH /api/v1/care-programs/wishes/{wishId}': { access: ['care.manage'] },
  'POST /api/v1/care-programs/wishes/{wishId}/review': { access: ['care.review'] },
  'POST /api/v1/care-programs/wishes/{wishId}/claim': { access: ['care.read'] },
  'POST /api/v1/care-programs/wishes/{wishId}/release': { access: ['care.read'] },
  'GET /api/v1/care-programs/wishes/{wishId}/proofs/{fileId}': {
    access: ['care.read'],
    in: { executive_member: 404, other: 200 },
  },
  'DELETE /api/v1/care-programs/wishes/{wishId}/proofs/{fileId}': { access: ['care.read'] },
  'POST /api/v1/care-programs/wishes/{wishId}/fulfil': { access: ['care.read'] },
  'POST /api/v1/care-programs/wishes/{wishId}/withdraw': { access: ['care.manage'] },
  // portal
  'GET /api/v1/portal/care-programs/wishes': { access: 'public' },
  'POST /api/v1/portal/care-programs/wishes': { access: 'resident' },
  'GET /api/v1/portal/care-programs/wishes/mine': { access: 'resident' },
  'GET /api/v1/portal/care-programs/wishes/claimed': { access: 'resident' },
  'POST /api/v1/portal/care-programs/wishes/{wishId}/claim': { access: 'resident' },
  'POST /api/v1/portal/care-programs/wishes/{wishId}/release': { access: 'resident' },
  // auth
  'POST /api/v1/auth/login': { access: 'public', out: 401, anonymous: 401 },
  'GET /api/v1/auth/me': { access: 'authenticated' },
  'POST /api/v1/auth/password': { access: 'authenticated', out: 401 },
  // users
  'GET /api/v1/users': { access: ['user.read'] },
  // a user's own sessions and second factor (issue 16.3)
  'GET /api/v1/auth/sessions': { access: 'authenticated', out: 200 },
  'DELETE /api/v1/auth/sessions/{sessionId}': { access: 'authenticated' },
  // the sampled code is not her authenticator's: refused on the field for everyone, a record of no one's
  'POST /api/v1/auth/second-factor': { access: 'authenticated', out: 400 },
  // a new secret for her own account (pending until confirmed): succeeds for every signed-in user
  'POST /api/v1/auth/second-factor/enrolment': { access: 'authenticated', out: 200 },
  'POST /api/v1/auth/second-factor/enrolment/confirm': { access: 'authenticated', out: 400 },
  'POST /api/v1/users/{userId}/second-factor/reset': { access: ['security.manage'] },
  'POST /api/v1/users': {
    body: { username: 'matrix.user', phone: '13800138000', roles: ['cadre'] },
    access: ['user.manage'],
  },
  'GET /api/v1/users/{userId}': { access: ['user.read'] },
  'PATCH /api/v1/users/{userId}': { access: ['user.manage'] },
  'POST /api/v1/users/{userId}/reset-password': { access: ['user.manage'] },
  'PUT /api/v1/users/{userId}/phone': { access: ['security.manage'], body: { phone: '13800138000' } },
  // role-grants
  'GET /api/v1/role-grants': { access: ['user.read'] },
  'POST /api/v1/role-grants/{grantId}/approve': { access: ['security.manage'] },
  'POST /api/v1/role-grants/{grantId}/refuse': { access: ['security.manage'] },
  // users
  'POST /api/v1/users/{userId}/unlock': { access: ['user.manage', 'security.manage'] },
  // volunteers
  'GET /api/v1/volunteers/teams': { access: ['volunteer.read'], out: 404 },
  'POST /api/v1/volunteers/teams': { access: ['volunteer.write'] },
  'GET /api/v1/volunteers/teams/{teamId}': { access: ['volunteer.read'] },
  'PATCH /api/v1/volunteers/teams/{teamId}': { access: ['volunteer.write'] },
  'GET /api/v1/volunteers': { access: ['volunteer.read'], out: 404 },
  'POST /api/v1/volunteers': { access: ['volunteer.write'] },
  'GET /api/v1/volunteers/{volunteerId}': { access: ['volunteer.read'] },
  'PATCH /api/v1/volunteers/{volunteerId}': { access: ['volunteer.write'] },
  'GET /api/v1/volunteers/{volunteerId}/orders': { access: ['volunteer.read'] },
  'GET /api/v1/volunteers/hours': { access: ['volunteer.read'], out: 404 },
  'POST /api/v1/volunteers/hours': { access: ['volunteer.write'] },
  'GET /api/v1/volunteers/figures': { access: ['volunteer.read'], out: 404 },
  // call-ups
  'GET /api/v1/call-ups': { access: ['volunteer.read', 'callup.respond'], out: 404 },
  'POST /api/v1/call-ups': { access: ['volunteer.write'] },
  'GET /api/v1/call-ups/{callUpId}': { access: ['volunteer.read', 'callup.respond'] },
  'POST /api/v1/call-ups/{callUpId}/answer': { access: ['volunteer.write', 'callup.respond'] },
  'POST /api/v1/call-ups/{callUpId}/attendance': { access: ['volunteer.write'] },
  'POST /api/v1/call-ups/{callUpId}/cancel': { access: ['volunteer.write'] },
  // activities
  'GET /api/v1/activities': { access: ['activity.read'], out: 404 },
  'POST /api/v1/activities': { access: ['activity.write'] },
  'GET /api/v1/activities/figures': { access: ['activity.read'], out: 404 },
  'GET /api/v1/activities/spaces': { access: ['activity.read'], out: 404 },
  'GET /api/v1/activities/{activityId}': { access: ['activity.read'] },
  'PATCH /api/v1/activities/{activityId}': { access: ['activity.write'] },
  'POST /api/v1/activities/{activityId}/open': { access: ['activity.write'] },
  'POST /api/v1/activities/{activityId}/hold': { access: ['activity.write'] },
  'POST /api/v1/activities/{activityId}/cancel': { access: ['activity.write'] },
  'POST /api/v1/activities/{activityId}/summary': { access: ['activity.write'] },
  'GET /api/v1/activities/{activityId}/photos/{fileId}': { access: ['activity.read'], in: 404 },
  'GET /api/v1/activities/{activityId}/qr': { access: ['activity.write'] },
  'GET /api/v1/activities/{activityId}/registrations': { access: ['activity.read'] },
  'POST /api/v1/activities/{activityId}/registrations': {
    body: { phone: '13800138000' },
    access: ['activity.write'],
  },
  'POST /api/v1/activities/{activityId}/attendance': {
    body: { phone: '13800138000' },
    access: ['activity.write'],
  },
  'GET /api/v1/activities/{activityId}/attendance': { access: ['activity.read'] },
  'GET /api/v1/activities/{activityId}/attendance.xlsx': { access: ['activity.read'] },
  'GET /api/v1/activities/attendance-template.xlsx': { access: ['activity.write'] },
  'GET /api/v1/activities/trainings/{personId}': { access: ['activity.read'] },
  'POST /api/v1/activities/trainings': { access: ['activity.write'] },
  // portal
  'GET /api/v1/portal/activities': { access: 'public' },
  'GET /api/v1/portal/activities/{activityId}': { access: 'public', in: 404, anonymous: 404 },
  'POST /api/v1/portal/activities/{activityId}/registration': { access: 'resident' },
  'POST /api/v1/portal/activities/{activityId}/checkin': { access: 'public', out: 400, anonymous: 400 },
  // duties
  'GET /api/v1/duties/kinds': { access: ['duty.read', 'duty.own'] },
  'GET /api/v1/duties/checklist': { access: ['duty.read', 'duty.own'], out: 404 },
  'PUT /api/v1/duties/checklist': {
    access: ['duty.manage'],
    body: { items: [{ kind: 'demands.handled', label: '办理诉求', target: 1 }] },
  },
  'GET /api/v1/duties/table': { access: ['duty.read'], out: 404 },
  'GET /api/v1/duties/me': { access: ['duty.own'] },
  'GET /api/v1/duties/projects': { access: ['duty.read', 'duty.own'], out: 404 },
  'POST /api/v1/duties/projects': { access: ['duty.manage', 'duty.own'] },
  'PATCH /api/v1/duties/projects/{projectId}': { access: ['duty.manage', 'duty.own'] },
  // tasks
  'GET /api/v1/tasks/metrics': { access: ['task.read'] },
  'GET /api/v1/tasks/forms/templates': { access: ['task.read'] },
  'GET /api/v1/tasks/forms': { access: ['task.read'] },
  'POST /api/v1/tasks/forms': {
    body: { definition: { fields: [{ key: 'total', label: '合计', type: 'number' }] } },
    access: ['task.dispatch'],
  },
  'GET /api/v1/tasks/forms/{formId}': { access: ['task.read'], in: 404 },
  'PUT /api/v1/tasks/forms/{formId}': {
    body: { definition: { fields: [{ key: 'total', label: '合计', type: 'number' }] } },
    access: ['task.dispatch'],
  },
  'GET /api/v1/tasks/forms/{formId}/periods': { access: ['task.read'], in: 404 },
  'GET /api/v1/tasks': { access: ['task.read'] },
  'POST /api/v1/tasks': { access: ['task.dispatch'] },
  'GET /api/v1/tasks/{taskId}': { access: ['task.read'] },
  'GET /api/v1/tasks/{taskId}/board': { access: ['task.read'] },
  'GET /api/v1/tasks/{taskId}/aggregate': { access: ['task.read'] },
  'GET /api/v1/tasks/{taskId}/aggregate.xlsx': { access: ['task.read'] },
  'GET /api/v1/tasks/{taskId}/submissions.xlsx': { access: ['task.read'], in: 400 },
  'POST /api/v1/tasks/{taskId}/remind': { access: ['task.dispatch'] },
  'GET /api/v1/tasks/{taskId}/assignments/{assignmentId}': { access: ['task.read'] },
  'GET /api/v1/tasks/{taskId}/assignments/{assignmentId}/history': { access: ['task.read'] },
  'POST /api/v1/tasks/{taskId}/assignments/{assignmentId}/sign': { access: ['task.submit'] },
  'PUT /api/v1/tasks/{taskId}/assignments/{assignmentId}/values': { access: ['task.submit'] },
  'POST /api/v1/tasks/{taskId}/assignments/{assignmentId}/submit': { access: ['task.submit'] },
  'POST /api/v1/tasks/{taskId}/assignments/{assignmentId}/return': { access: ['task.dispatch'] },
  'POST /api/v1/tasks/{taskId}/assignments/{assignmentId}/approve': { access: ['task.dispatch'] },
  'POST /api/v1/tasks/{taskId}/assignments/{assignmentId}/reopen': { access: ['task.dispatch'] },
  'POST /api/v1/tasks/{taskId}/assignments/{assignmentId}/remind': { access: ['task.dispatch'] },
  'POST /api/v1/tasks/{taskId}/assignments/{assignmentId}/forward': { access: ['task.dispatch'] },
  'GET /api/v1/tasks/{taskId}/attachments/{fileId}': { access: ['task.read'], in: 404 },
  // dashboards
  'GET /api/v1/dashboards/indicators': { access: 'authenticated' },
  'GET /api/v1/dashboards/cockpit': { access: ['stats.read'], out: 404 },
  'GET /api/v1/dashboards/trend': {
    access: ['stats.read'],
    out: 404,
    query: 'from=2026-01-01&to=2026-11-30&indicators=visits.done',
  },
  'GET /api/v1/dashboards/cockpit.xlsx': { access: ['stats.read'], out: 404 },
  'GET /api/v1/dashboards/cockpit.pdf': { access: ['stats.read'], out: 404 },
  // visits
  'POST /api/v1/visits/{visitId}/photos': { access: ['visit.write', 'visit.record'], upload: 'image/png' },
  // cases
  'POST /api/v1/cases/{caseId}/attachments': { access: ['case.write'], upload: 'image/png' },
  // care-programs
  'POST /api/v1/care-programs/applications/{applicationId}/materials': {
    access: ['care.apply', 'care.review'],
    upload: 'image/png',
    query: 'code=id_card',
  },
  // portal
  'POST /api/v1/portal/care-programs/applications/{applicationId}/materials': { access: 'resident' },
  // care-programs
  'POST /api/v1/care-programs/wishes/{wishId}/proofs': { access: ['care.read'], upload: 'image/png' },
  // activities
  'POST /api/v1/activities/{activityId}/photos': { access: ['activity.write'], upload: 'image/png' },
  'POST /api/v1/activities/{activityId}/attendance/import': {
    access: ['activity.write'],
    upload: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  'POST /api/v1/activities/attendance/errors.xlsx': {
    access: ['activity.write'],
    out: 400,
    upload: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  // tasks
  'POST /api/v1/tasks/{taskId}/attachments': { access: ['task.dispatch'], upload: 'image/png' },
  // portal
  'POST /api/v1/portal/auth/logout': { access: 'resident' },
  // auth
  'POST /api/v1/auth/logout': { access: 'authenticated', out: 204 },
};
