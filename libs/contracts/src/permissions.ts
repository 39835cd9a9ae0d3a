/**
 * Who may do what: the permission matrix, one source of truth for the API's guards (every route and socket event
 * names one permission) and for the console (which hides what a role cannot do).
 *
 * Roles follow the hotline's organisation; administration and audit are separate roles (等保 2.0, GB/T 22239-2019,
 * 三员分立: the system administrator manages accounts but sees no call data, the auditor reads only the audit log).
 */

/** Every permission a route or socket event may require. */
export const PERMISSIONS = [
  'live.read', // live floor snapshot (HTTP and socket)
  'kpi.read', // KPIs of days from the ledger
  'calls.read', // every call of the ledger (caller masked)
  'calls.read.own', // the calls the user's own agent id answered (caller masked)
  'calls.unmask', // a caller's number in full, with a reason; audited
  'feed.deadLetters.read', // dead letters (raw line masked)
  'feed.deadLetters.repair', // repair a dead letter and re-queue it, or discard it with a reason; audited
  'ledger.reconcile', // recompute a period's rollups from the calls, compare and repair them; audited
  'intake.read', // intake sources: status, last event, lag, rate, errors, silence alarms
  'intake.manage', // intake sources and their API keys (platform push), followed files and tables
  'calls.import', // import call records (话单/CDR files) with a column mapping
  'businessTypes.write', // the business-type tree (业务类型) and its queue / IVR-choice mappings
  'outages.read',
  'outages.write',
  'score.read', // the month's sheet, the contract year
  'forecast.read', // arrival forecast and requirement from the ledger
  'forecast.configure', // the forecast's marked (unusual) days and user special days; audited
  'staffing.calc', // Erlang and requirement what-ifs (computations, nothing stored)
  'roster.read',
  'roster.write', // plan, edit, copy, import, delete drafts, cancel planning jobs
  'roster.publish',
  'users.read',
  'users.write', // create, edit, disable, reset passwords (a supplier manager only for supplier-side roles)
  'sessions.revoke',
  'audit.read',
  'registers.read', // the month's registers (complaints, trainings, QA, reports, incidents, satisfaction), documents
  'registers.write', // record complaints, trainings, incidents; import surveys and complaints
  'registers.close', // close / reopen a register's month, draw the QA sample, the QA form, the report narrative, submit reports
  'registers.confirm', // the bureau: confirm or return a closed month, report due dates and findings
  'complaints.adjudicate', // decide whether a complaint is justified (有责)
  'qa.review', // score sampled calls on the QA form, add calls to the sample
  'qa.recheck', // the bureau's re-check of QA reviews (scoring errors)
  'requests.register', // the agent desk: my current call, register and finish my own requests (受理登记), my requests
  'requests.read', // every registered request (callers masked), the repeat-caller worklist, the requests export
  'hotTopics.read', // requests per business type per day / week / month, movers, spike alarms (no caller data)
  'knowledge.read', // the published knowledge base (应答口径) and its search, the case base (案例库)
  'knowledge.write', // draft and edit articles, submit them for review, promote a request to a case
  'knowledge.publish', // review articles: publish or reject a version, retire an article
  'floor.configure', // the live floor's alert thresholds (settings); audited
  'alerts.ack', // acknowledge an alert of the live floor; audited
  'wallboard.manage', // the hall wallboard's tokens (大屏): create, list, revoke; audited
] as const;

/** One permission of {@link PERMISSIONS}. */
export type Permission = (typeof PERMISSIONS)[number];

/**
 * What a route needs besides a permission: `public` (no session: login, liveness, the console's files), `session`
 * (any signed-in user: who am I, sign out, change my password) or `intake-key` (no session: a request signed with an
 * intake source's API key, the platform push; no role holds it) or `wallboard-token` (no session: a hall wallboard's
 * token in the X-Wallboard-Token header; only the wallboard's snapshot; no role holds it).
 */
export type Access = Permission | 'public' | 'session' | 'intake-key' | 'wallboard-token';

/** The roles, in the order the console lists them. */
export const ROLES = ['agent', 'shift_lead', 'planner', 'manager', 'bureau', 'admin', 'auditor'] as const;

/** One role of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Roles of the supplier's own staff, which a supplier manager may administer. */
export const SUPPLIER_ROLES: readonly Role[] = ['agent', 'shift_lead', 'planner'];

/** Role names as the console shows them. */
export const ROLE_LABELS: Record<Role, { 'zh-CN': string; en: string }> = {
  agent: { 'zh-CN': '坐席', en: 'Agent' },
  shift_lead: { 'zh-CN': '班长', en: 'Shift lead' },
  planner: { 'zh-CN': '排班员', en: 'Planner' },
  manager: { 'zh-CN': '项目经理', en: 'Supplier manager' },
  bureau: { 'zh-CN': '交警支队', en: 'Traffic police bureau' },
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
  auditor: { 'zh-CN': '审计员', en: 'Auditor' },
};

/**
 * The matrix: the permissions of each role. A user's permissions are the union over her roles.
 * - agent: the live floor, her own calls, the agent desk (registers her own requests), the knowledge base.
 * - shift_lead: the floor, every call (masked), outages, dead letters, the score, the rosters in force; records the
 *   registers (complaints, trainings, incidents, survey imports), reviews QA calls, watches the intake, imports call
 *   records; every request, the hot topics and the repeat-caller worklist; drafts knowledge articles and cases;
 *   acknowledges the floor's alerts and sets their thresholds.
 * - planner: forecasts, what-ifs, rosters (plan and publish); the forecast's marked and special days.
 * - manager (项目经理): everything of the supplier's operation, unmasking a caller (audited), supplier-side users;
 *   closes the registers' months, adjudicates complaints, draws the QA sample, submits the reports; repairs dead
 *   letters, imports call records, keeps the business-type tree; every request, hot topics; reviews and publishes
 *   knowledge articles; the hall wallboard's tokens; acknowledges the floor's alerts and sets their thresholds.
 * - bureau (交警支队): read-only on the floor, KPIs, score, outages, rosters, registers, the hot topics (no caller),
 *   the knowledge base and the audit log; confirms
 *   or returns the supplier's closed months, sets report due dates, records findings and QA re-checks.
 * - admin: users, sessions, intake sources and their keys (status, no call data), the hall wallboard's tokens; no call data.
 * - auditor: the audit log only.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  agent: ['live.read', 'calls.read.own', 'requests.register', 'knowledge.read'],
  shift_lead: [
    'live.read', 'kpi.read', 'calls.read', 'feed.deadLetters.read', 'outages.read', 'outages.write', 'score.read', 'forecast.read', 'roster.read',
    'registers.read', 'registers.write', 'qa.review', 'intake.read', 'calls.import',
    'requests.register', 'requests.read', 'hotTopics.read', 'knowledge.read', 'knowledge.write', 'floor.configure', 'alerts.ack',
  ],
  planner: ['live.read', 'kpi.read', 'forecast.read', 'forecast.configure', 'staffing.calc', 'roster.read', 'roster.write', 'roster.publish', 'score.read'],
  manager: [
    'live.read', 'kpi.read', 'calls.read', 'calls.unmask', 'feed.deadLetters.read', 'outages.read', 'outages.write', 'score.read',
    'forecast.read', 'forecast.configure', 'staffing.calc', 'roster.read', 'roster.write', 'roster.publish', 'users.read', 'users.write',
    'registers.read', 'registers.write', 'registers.close', 'complaints.adjudicate', 'qa.review',
    'feed.deadLetters.repair', 'ledger.reconcile', 'intake.read', 'calls.import', 'businessTypes.write',
    'requests.read', 'hotTopics.read', 'knowledge.read', 'knowledge.write', 'knowledge.publish', 'wallboard.manage', 'floor.configure', 'alerts.ack',
  ],
  bureau: ['live.read', 'kpi.read', 'score.read', 'outages.read', 'roster.read', 'audit.read', 'registers.read', 'registers.confirm', 'qa.recheck', 'hotTopics.read', 'knowledge.read'],
  admin: ['users.read', 'users.write', 'sessions.revoke', 'intake.read', 'intake.manage', 'wallboard.manage'],
  auditor: ['audit.read'],
};

/** The permissions of a set of roles (the union), sorted as in {@link PERMISSIONS}. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  const granted = new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
  return PERMISSIONS.filter((p) => granted.has(p));
}

/** True when the roles grant the access: `public` always, `session` for any user, `intake-key` never (a signed request, not a role), else the permission. */
export function allows(roles: readonly Role[], access: Access): boolean {
  if (access === 'public' || access === 'session') return true;
  if (access === 'intake-key' || access === 'wallboard-token') return false;
  return roles.some((r) => ROLE_PERMISSIONS[r]?.includes(access));
}
