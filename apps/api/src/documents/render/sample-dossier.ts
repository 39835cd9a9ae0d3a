/**
 * A worked month for the renderers' tests and the preview CLI (`preview.ts`): March 2025 of a 12123 hotline
 * with six agents, its figures consistent (days and hours sum to the month, rates rounded half-up as the
 * contract rounds them), and a provisional variant with registers left open and a day missing from the ledger.
 * Not real data.
 */
import { daysInMonth, weekdayOf } from '@hotline/events';
import type { DossierTrafficDay, DossierTrafficHour, MonthDossier } from '../dossier.js';

/**
 * `num / den x 100` as a percent with `decimals` decimals, half-up, in exact integer arithmetic (the counts are
 * far below 2^53 / 10^5); null when `den` is 0.
 */
export function ratio(num: number, den: number, decimals: number): string | null {
  if (den === 0) return null;
  const scaled = num * 10 ** (decimals + 2);
  let q = Math.floor(scaled / den);
  if (2 * (scaled - q * den) >= den) q += 1;
  const s = String(q).padStart(decimals + 1, '0');
  return decimals === 0 ? s : `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

/** Splits `total` over `weights` in proportion, the rounding remainder on the largest weight. */
function split(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  const rest = total - parts.reduce((a, b) => a + b, 0);
  parts[weights.indexOf(Math.max(...weights))] += rest;
  return parts;
}

const pad = (n: number): string => String(n).padStart(2, '0');

interface Totals {
  requests: number;
  agentAnswered: number;
  ivrAnswered: number;
}

/** The month's days (minus `missing`) and hours, summing exactly to `totals`. */
function traffic(month: string, missing: string[], totals: Totals): { days: DossierTrafficDay[]; hours: DossierTrafficHour[] } {
  const dayKeys = Array.from({ length: daysInMonth(month) }, (_, i) => `${month}-${pad(i + 1)}`).filter((d) => !missing.includes(d));
  // Weekdays busier than weekends, Mondays busiest.
  const dayWeights = dayKeys.map((d) => [70, 118, 104, 100, 98, 96, 74][weekdayOf(d)] + (Number(d.slice(8)) % 5));
  const req = split(totals.requests, dayWeights);
  const agent = split(totals.agentAnswered, dayWeights);
  const ivr = split(totals.ivrAnswered, dayWeights);
  const days = dayKeys.map((day, i) => ({
    day,
    requests: req[i],
    agentAnswered: agent[i],
    ivrAnswered: ivr[i],
    abandoned: req[i] - agent[i] - ivr[i],
    connectRatePercent: ratio(agent[i] + ivr[i], req[i], 2),
  }));
  const hourWeights = [4, 3, 2, 2, 2, 4, 10, 28, 62, 84, 90, 78, 52, 60, 82, 86, 80, 66, 40, 30, 24, 18, 12, 7];
  const hReq = split(totals.requests, hourWeights);
  const hAgent = split(totals.agentAnswered, hourWeights);
  const hIvr = split(totals.ivrAnswered, hourWeights);
  const hours = hourWeights.map((_, hour) => ({ hour, requests: hReq[hour], agentAnswered: hAgent[hour], connectRatePercent: ratio(hAgent[hour] + hIvr[hour], hReq[hour], 2) }));
  return { days, hours };
}

const AGENTS = [
  { agentId: '1001', agentName: '王丽', sampled: 27, meanTenths: 936 },
  { agentId: '1002', agentName: '陈静', sampled: 27, meanTenths: 921 },
  { agentId: '1003', agentName: '林晓燕', sampled: 27, meanTenths: 948 },
  { agentId: '1004', agentName: '黄志强', sampled: 27, meanTenths: 903 },
  { agentId: '1005', agentName: '郑雪梅', sampled: 26, meanTenths: 957 },
  { agentId: '1006', agentName: '刘芳', sampled: 26, meanTenths: 962 },
];

const tenths = (t: number): string => `${Math.floor(t / 10)}.${t % 10}`;

/** The complete sample month: every register closed, total 98.9, coefficient 1.00. */
export function sampleDossier(): MonthDossier {
  const month = '2025-03';
  const totals = { requests: 18240, agentAnswered: 15872, ivrAnswered: 1000 };
  const { days, hours } = traffic(month, [], totals);
  // business type, requests, the month before's requests, the change in percent (null: none the month before)
  const topics: [string, number, number, string | null][] = [
    ['机动车业务', 5230, 4980, '5.02'],
    ['驾驶证业务', 4480, 4610, '-2.82'],
    ['交通违法处理', 3120, 2870, '8.71'],
    ['用户信息管理', 2210, 2210, '0.00'],
    ['事故快处快赔', 1050, 1230, '-14.63'],
    ['投诉建议', 640, 0, null],
    ['其他咨询', 1510, 1490, '1.34'],
  ];
  const sampled = AGENTS.reduce((s, a) => s + a.sampled, 0);
  const weighted = AGENTS.reduce((s, a) => s + a.sampled * a.meanTenths, 0);
  return {
    month,
    generatedAt: '2025-04-02T01:30:00.000Z',
    hotline: '12123 交通安全服务热线',
    supplier: '宁德市海峡信息服务有限公司',
    provisional: false,
    score: {
      items: [
        { item: 'confidentiality', nameZh: '信息保密', max: '10', points: '9', pointsMin: '9', pointsMax: '9', pending: false, deductions: [{ code: 'confidentiality.breach', count: 1, points: '-1' }], bonus: '0' },
        { item: 'reporting', nameZh: '信息反馈与汇报', max: '10', points: '9', pointsMin: '9', pointsMax: '9', pending: false, deductions: [{ code: 'reporting.reportLate', count: 1, points: '-1' }], bonus: '0' },
        { item: 'connect', nameZh: '热线接通率', max: '25', points: '26', pointsMin: '26', pointsMax: '26', pending: false, deductions: [], bonus: '1' },
        { item: 'satisfaction', nameZh: '挂机满意度', max: '25', points: '25.4', pointsMin: '25.4', pointsMax: '25.4', pending: false, deductions: [], bonus: '0.4' },
        { item: 'complaints', nameZh: '热线服务有理由投诉率', max: '10', points: '10', pointsMin: '10', pointsMax: '10', pending: false, deductions: [], bonus: '0' },
        { item: 'training', nameZh: '员工培训', max: '10', points: '10', pointsMin: '10', pointsMax: '10', pending: false, deductions: [], bonus: '0' },
        { item: 'qa', nameZh: '话务质检', max: '10', points: '9.5', pointsMin: '9.5', pointsMax: '9.5', pending: false, deductions: [{ code: 'qa.scoringError', count: 1, points: '-0.5' }], bonus: '0' },
      ],
      total: '98.9',
      totalMin: '98.9',
      totalMax: '98.9',
      coefficient: '1.00',
      coefficientMin: '1.00',
      coefficientMax: '1.00',
    },
    kpis: {
      ...totals,
      connectRatePercent: ratio(totals.agentAnswered + totals.ivrAnswered, totals.requests, 2),
      satisfactionPercent: ratio(3967, 4120, 2),
      surveyResponses: 4120,
      surveyRatePercent: ratio(4120, totals.agentAnswered, 2),
      complaintRatePercent: ratio(1, totals.agentAnswered, 3),
      justifiedComplaints: 1,
      targets: { connect: '90', satisfaction: '95', complaint: '0.05' },
    },
    trafficByDay: days,
    trafficByHour: hours,
    missingDays: [],
    hotTopics: topics
      .filter(([name]) => name !== '其他咨询')
      .map(([businessType, requests, previousRequests, changePercent]) => ({ businessType, requests, sharePercent: ratio(requests, totals.requests, 2) ?? '0.00', previousRequests, changePercent })),
    hotTopicsBasis: 'requests',
    qa: {
      quota: Math.ceil(totals.agentAnswered / 100),
      sampled,
      reviewed: sampled,
      meanScore: ratio(weighted, sampled * 10 * 100, 2),
      errorsFound: 1,
      byAgent: AGENTS.map((a) => ({ agentId: a.agentId, agentName: a.agentName, sampled: a.sampled, reviewed: a.sampled, meanScore: tenths(a.meanTenths) })),
    },
    trainings: [
      { date: '2025-03-06', topic: '保密制度与个人信息保护', trainer: '刘芳', durationMinutes: 90, attendees: 6, status: 'held' },
      { date: '2025-03-20', topic: '疑难电话处置与沟通技巧', trainer: '刘芳', durationMinutes: 120, attendees: 6, status: 'held' },
    ],
    complaints: {
      received: 3,
      justified: 1,
      notJustified: 2,
      pending: 0,
      entries: [
        { receivedAt: '2025-03-05T02:14:00.000Z', channel: '12345转办', summary: '来电人反映话务员解答驾驶证期满换证材料时语气生硬、未耐心说明。', verdict: 'justified' },
        { receivedAt: '2025-03-13T07:40:00.000Z', channel: '来电', summary: '来电人对交通违法罚款金额有异议，要求热线撤销处罚。', verdict: 'not_justified' },
        { receivedAt: '2025-03-24T11:05:00.000Z', channel: '网上信箱', summary: '反映高峰时段等待时间较长。经核查当日排队时长在合同范围内。', verdict: 'not_justified' },
      ],
    },
    confidentiality: [{ date: '2025-03-12', summary: '话务员在工作群转发含车牌号的查询截图，已撤回并批评教育。', consequences: false }],
    problems:
      '1. 3月上旬驾驶证换证集中到期，9:00–11:00 来话量较上月增长约18%，部分时段排队时间偏长。\n2. 1起有责投诉反映个别话务员解答语气生硬，服务规范仍需加强。\n3. 采购人复核发现1次质检评分差错（业务准确项评分偏高）。',
    improvements:
      '1. 调整早高峰排班，增加 9:00–11:00 在线坐席1名，并在IVR增加换证材料自助播报。\n2. 针对有责投诉开展电话礼仪专项复训，纳入月度绩效考核。\n3. 质检员统一评分尺度，每周开展一次交叉复核。',
    evidence: {
      confidentiality: ['保密事件登记 1 起（3月12日，无不良后果）', '保密承诺书 6 份'],
      reporting: ['2月运营报告 3月6日提交（应于3月5日前提交，迟交1天）', '2月服务考核自评表 3月5日按时提交'],
      connect: ['话务台账：来话 18240 次，人工接听 15872 次，IVR自助 1000 次'],
      satisfaction: ['挂机满意度调查 4120 份，非常满意及基本满意 3967 份'],
      complaints: ['投诉登记 3 件，经认定有责 1 件'],
      training: ['培训签到表 2 份（3月6日、3月20日）', '培训现场照片 4 张'],
      qa: ['质检随机抽样记录 160 通（抽样种子已登记，可复抽）', '质检评分表 160 份', '采购人复核记录：评分差错 1 次'],
    },
    staff: {
      headcount: 6,
      joiners: [{ name: '刘佳', role: '话务员', date: '2025-03-10' }],
      leavers: [{ name: '张敏', role: '话务员', date: '2025-03-08' }],
      people: [
        { agentId: '1006', name: '刘芳', roles: ['话务员', '现场管理'], qualifications: ['普通话二级甲等', '大专'], since: '2021-07-01', trainingHours: '3.5' },
        { agentId: '1001', name: '王丽', roles: ['话务员'], qualifications: ['普通话二级甲等'], since: '2022-03-15', trainingHours: '3.5' },
        { agentId: '1002', name: '陈静', roles: ['话务员'], qualifications: ['普通话二级乙等'], since: '2022-09-01', trainingHours: '3.5' },
        { agentId: '1003', name: '林晓燕', roles: ['话务员'], qualifications: ['普通话二级甲等'], since: '2023-04-10', trainingHours: '2' },
        { agentId: '1004', name: '黄志强', roles: ['话务员'], qualifications: [], since: '2024-01-08', trainingHours: '3.5' },
        { agentId: '1007', name: '刘佳', roles: ['话务员'], qualifications: ['普通话二级乙等'], since: '2025-03-10', trainingHours: '2' },
      ],
    },
  };
}

/**
 * The same month while registers are open: satisfaction, training and QA pending (their points a range), one
 * training still planned, and 2025-03-14 missing from the ledger. Total 59–101, coefficient 0.50–1.00.
 */
export function sampleProvisionalDossier(): MonthDossier {
  const d = sampleDossier();
  const totals = { requests: 17630, agentAnswered: 15344, ivrAnswered: 966 };
  const { days, hours } = traffic(d.month, ['2025-03-14'], totals);
  const pending = (item: string, min: string, max: string) => (i: MonthDossier['score']['items'][number]) =>
    i.item === item ? { ...i, points: null, pointsMin: min, pointsMax: max, pending: true, bonus: '0', deductions: item === 'qa' ? [] : i.deductions } : i;
  return {
    ...d,
    provisional: true,
    score: {
      items: d.score.items.map(pending('satisfaction', '0', '27')).map(pending('training', '5', '10')).map(pending('qa', '0', '10')),
      total: null,
      totalMin: '59',
      totalMax: '101',
      coefficient: null,
      coefficientMin: '0.50',
      coefficientMax: '1.00',
    },
    kpis: {
      ...d.kpis,
      ...totals,
      connectRatePercent: ratio(totals.agentAnswered + totals.ivrAnswered, totals.requests, 2),
      surveyRatePercent: ratio(d.kpis.surveyResponses, totals.agentAnswered, 2),
      complaintRatePercent: ratio(1, totals.agentAnswered, 3),
    },
    trafficByDay: days,
    trafficByHour: hours,
    missingDays: ['2025-03-14'],
    qa: { ...d.qa, quota: Math.ceil(totals.agentAnswered / 100), reviewed: 96, errorsFound: 0, byAgent: d.qa.byAgent.map((a) => ({ ...a, reviewed: 16 })) },
    trainings: [d.trainings[0], { date: '2025-03-27', topic: '系统操作（新版业务平台）', trainer: '刘芳', durationMinutes: 60, attendees: 0, status: 'planned' }],
  };
}
