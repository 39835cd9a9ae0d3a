/**
 * The month's dossier: everything the paperwork handed to the traffic-police bureau each month is printed from
 * (月度运营报告, 服务考核自评表, 人事基本情况). The API assembles it from the ledger and the registers; the pure
 * renderers in `./render` turn it into .docx, .pdf and .xlsx files and do no arithmetic on its figures: every
 * figure is printed exactly as given here, so a document says what the score API says.
 *
 * Conventions:
 * - Decimal figures are decimal strings (`"92.50"`, `"23.36"`, `"-0.5"`), printed verbatim; counts are numbers.
 * - Percent values are in percent (`"92.50"` means 92.50 %), rounded as the contract rounds them (libs/kpi).
 * - Days are `YYYY-MM-DD` and hours 0..23 in Asia/Shanghai; instants are ISO 8601 strings (UTC), printed in
 *   Asia/Shanghai.
 * - `null` means unknown (an empty denominator, or a register not closed): never printed as a number.
 * - Caller numbers never appear: texts taken from registers (complaint summaries) are already masked.
 */
import type { ItemName } from '@hotline/scoring';

/** A decimal number as a string, e.g. `"92.50"` (never a binary float). */
export type DecimalString = string;

/** One deduction (or note) on a score item, as the scoring library reasons it. */
export interface DossierDeduction {
  /** The scoring library's reason code, e.g. `connect.shortfall`, `qa.scoringError` (see libs/scoring ReasonCode). */
  code: string;
  /** How many times the rule applied (events, started steps); `null` for a proportional rule. */
  count: number | null;
  /** The signed effect in points, decimal string (`"-2"`, `"-0.5"`), before the item's floor at 0. */
  points: DecimalString;
}

/** One item of the 100-point sheet. */
export interface DossierScoreItem {
  /** The item's identifier in libs/scoring. */
  item: ItemName;
  /** The tender's name, e.g. `热线接通率`. */
  nameZh: string;
  /** Points available without bonus, decimal string (`"25"`). */
  max: DecimalString;
  /** Points scored, bonus included, decimal string; `null` while the item is pending (its register not closed). */
  points: DecimalString | null;
  /** Lowest points the item can still end up with (equals `points` once it is known). */
  pointsMin: DecimalString;
  /** Highest points the item can still end up with (equals `points` once it is known). */
  pointsMax: DecimalString;
  /** The item's register is not closed for the month: `points` is null and the range applies. */
  pending: boolean;
  /** Deductions known so far (for a pending item: those already recorded). */
  deductions: DossierDeduction[];
  /** Bonus points included in `points`, decimal string (`"0"` when none). */
  bonus: DecimalString;
}

/** The month's sheet: items, total and settlement coefficient, each a range while the month is provisional. */
export interface DossierScore {
  /** The seven items in the sheet's order (信息保密 ... 话务质检). */
  items: DossierScoreItem[];
  /** Sum of the items, decimal string; `null` while provisional. */
  total: DecimalString | null;
  /** Lowest total the month can still get. */
  totalMin: DecimalString;
  /** Highest total the month can still get. */
  totalMax: DecimalString;
  /** Settlement coefficient of the total (`"1.00"`, `"0.95"`...); `null` while provisional. */
  coefficient: DecimalString | null;
  /** Coefficient of `totalMin`. */
  coefficientMin: DecimalString;
  /** Coefficient of `totalMax`. */
  coefficientMax: DecimalString;
}

/** The three measured KPIs of the contract and the counts behind them. */
export interface DossierKpis {
  /** Requests of the month (calls inside outage windows excluded), count. */
  requests: number;
  /** Requests answered by an agent, count. */
  agentAnswered: number;
  /** Requests completed in IVR self-service, count. */
  ivrAnswered: number;
  /** 热线接通率, percent with 2 decimals; `null` without requests. */
  connectRatePercent: DecimalString | null;
  /** 挂机满意度, percent with 2 decimals; `null` without survey responses. */
  satisfactionPercent: DecimalString | null;
  /** Survey responses of the month, count. */
  surveyResponses: number;
  /** 参评率 = survey responses / agent-answered x 100, percent with 2 decimals; `null` without agent-answered calls. */
  surveyRatePercent: DecimalString | null;
  /** 有理由投诉率, percent with 3 decimals; `null` without agent-answered calls or while complaints are pending. */
  complaintRatePercent: DecimalString | null;
  /** Justified (有责) complaints, count; `null` while the complaints register is not closed. */
  justifiedComplaints: number | null;
  /** The contract's targets in percent: connect >= `"90"`, satisfaction >= `"95"`, complaint rate <= `"0.05"`. */
  targets: { connect: DecimalString; satisfaction: DecimalString; complaint: DecimalString };
}

/** One day of traffic. */
export interface DossierTrafficDay {
  /** `YYYY-MM-DD` (Asia/Shanghai). */
  day: string;
  /** Requests, count. */
  requests: number;
  /** Answered by an agent, count. */
  agentAnswered: number;
  /** Completed in IVR, count. */
  ivrAnswered: number;
  /** Lost (abandoned) requests, count. */
  abandoned: number;
  /** The day's connect rate, percent with 2 decimals; `null` without requests. */
  connectRatePercent: DecimalString | null;
}

/** One hour of the day, summed over the month. */
export interface DossierTrafficHour {
  /** Hour of day 0..23 (Asia/Shanghai): 9 covers 09:00-09:59. */
  hour: number;
  /** Requests, count. */
  requests: number;
  /** Answered by an agent, count. */
  agentAnswered: number;
  /** The hour's connect rate over the month, percent with 2 decimals; `null` without requests. */
  connectRatePercent: DecimalString | null;
}

/** A hot topic: one top-level business type among the month's registered requests (or typed calls, see `hotTopicsBasis`). */
export interface DossierHotTopic {
  /** Chinese label of the business type, e.g. `机动车业务`. */
  businessType: string;
  /** Requests of that type, count. */
  requests: number;
  /** Share of the month's requests, percent with 2 decimals. */
  sharePercent: DecimalString;
  /** Requests of that type in the month before, count. */
  previousRequests: number;
  /** (requests - previousRequests) / previousRequests × 100, 2 decimals, signed; `null` when the month before had none. */
  changePercent: DecimalString | null;
}

/** QA figures of one agent. */
export interface DossierQaAgent {
  /** The agent's identifier (工号). */
  agentId: string;
  /** The agent's name. */
  agentName: string;
  /** Calls of this agent in the sample, count. */
  sampled: number;
  /** Of those, calls scored by QA, count. */
  reviewed: number;
  /** Mean QA score of the reviewed calls (0-100), decimal string; `null` when none reviewed. */
  meanScore: DecimalString | null;
}

/** 话务质检: the month's random sample and its scoring. */
export interface DossierQa {
  /** The sample the contract requires: ceil(1 % x agent-answered), count. */
  quota: number;
  /** Calls drawn into the random sample, count. */
  sampled: number;
  /** Sampled calls scored by QA, count. */
  reviewed: number;
  /** Mean QA score of the reviewed calls (0-100), decimal string; `null` when none reviewed. */
  meanScore: DecimalString | null;
  /** Scoring errors the bureau found when re-checking recordings, count. */
  errorsFound: number;
  /** The same per agent. */
  byAgent: DossierQaAgent[];
}

/** One training session (员工培训). */
export interface DossierTraining {
  /** `YYYY-MM-DD`. */
  date: string;
  /** Topic, e.g. `保密制度`. */
  topic: string;
  /** Trainer's name. */
  trainer: string;
  /** Duration, minutes. */
  durationMinutes: number;
  /** Attendees who signed in, count (0 for a planned session). */
  attendees: number;
  /** `held` (recorded with its sign-in list) or `planned` (on the roster, not recorded as held yet). */
  status: 'held' | 'planned';
}

/** One complaint of the month. */
export interface DossierComplaintEntry {
  /** When it was received, ISO instant. */
  receivedAt: string;
  /** Channel it came by, Chinese label (e.g. `12345转办`, `来电`). */
  channel: string;
  /** What it is about, short; caller numbers already masked. */
  summary: string;
  /** Adjudication: justified (有责), not justified (无责), or not decided yet. */
  verdict: 'justified' | 'not_justified' | 'pending';
}

/** 投诉处理: the month's complaints. */
export interface DossierComplaints {
  /** Received, count. */
  received: number;
  /** Adjudicated justified (有责), count. */
  justified: number;
  /** Adjudicated not justified, count. */
  notJustified: number;
  /** Not adjudicated yet, count. */
  pending: number;
  /** The complaints, in order received. */
  entries: DossierComplaintEntry[];
}

/** One confidentiality incident (保密事件). */
export interface DossierConfidentialityIncident {
  /** `YYYY-MM-DD`. */
  date: string;
  /** What happened, short. */
  summary: string;
  /** The breach had bad consequences (-5 instead of -1). */
  consequences: boolean;
}

/** A person joining or leaving during the month. */
export interface DossierStaffChange {
  /** Name. */
  name: string;
  /** Role, Chinese label (e.g. `话务员`). */
  role: string;
  /** `YYYY-MM-DD` of joining or leaving. */
  date: string;
}

/** One person on the team at the end of the month. */
export interface DossierPerson {
  /** Agent identifier (工号); `null` for staff who take no calls. */
  agentId: string | null;
  /** Name. */
  name: string;
  /** Roles, Chinese labels (e.g. `['话务员', '现场管理']`). */
  roles: string[];
  /** Qualifications, Chinese labels (e.g. `普通话二级甲等`); `[]` when none recorded. */
  qualifications: string[];
  /** On the team since, `YYYY-MM-DD`. */
  since: string;
  /** Training attended this month, hours, decimal string (`"3.5"`). */
  trainingHours: DecimalString;
}

/** 人事基本情况: the team at the end of the month. */
export interface DossierStaff {
  /** People on the team at the end of the month, count. */
  headcount: number;
  /** Joined during the month. */
  joiners: DossierStaffChange[];
  /** Left during the month. */
  leavers: DossierStaffChange[];
  /** The team at the end of the month. */
  people: DossierPerson[];
}

/** Everything the month's documents are printed from. */
export interface MonthDossier {
  /** The month, `YYYY-MM` (Asia/Shanghai). */
  month: string;
  /** When the dossier was assembled, ISO instant (printed as 生成时间, Asia/Shanghai). */
  generatedAt: string;
  /** The hotline's name, e.g. `12123 交通安全服务热线`. */
  hotline: string;
  /** The supplier (服务单位). */
  supplier: string;
  /** Some register is not closed: pending items and the total are ranges, marked 暂定. */
  provisional: boolean;
  /** The 100-point sheet. */
  score: DossierScore;
  /** The three KPIs. */
  kpis: DossierKpis;
  /** Traffic per day of the month, in day order (days missing from the ledger left out, see `missingDays`). */
  trafficByDay: DossierTrafficDay[];
  /** Traffic per hour of day, hours 0..23 summed over the month. */
  trafficByHour: DossierTrafficHour[];
  /** Days of the month the ledger has no data for, `YYYY-MM-DD`. */
  missingDays: string[];
  /** Top business types by requests, largest first. */
  hotTopics: DossierHotTopic[];
  /**
   * What `hotTopics` counts: `requests`, the month's registered requests (受理登记); `calls`, the month had none, so the
   * ledger's calls typed by the business-type tree's rules.
   */
  hotTopicsBasis: 'requests' | 'calls';
  /** QA sample and scoring. */
  qa: DossierQa;
  /** Training sessions, held and planned, by date. */
  trainings: DossierTraining[];
  /** Complaints. */
  complaints: DossierComplaints;
  /** Confidentiality incidents (empty when none). */
  confidentiality: DossierConfidentialityIncident[];
  /** 存在问题: free text the manager writes; paragraphs separated by line breaks. */
  problems: string;
  /** 改进措施: free text the manager writes; paragraphs separated by line breaks. */
  improvements: string;
  /** Evidence lines per score item for the self-assessment form (佐证材料), e.g. `培训签到表 2 份（3月6日、3月20日）`. */
  evidence: Record<ItemName, string[]>;
  /** The staff report. */
  staff: DossierStaff;
}
