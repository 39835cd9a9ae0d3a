import { TRAINING_TOPIC_LABELS, type ReportView } from '@hotline/contracts';
import type { ItemName } from '@hotline/scoring';
import type { QaService } from '../quality/qa.service.js';
import type { SatisfactionService } from '../quality/satisfaction.service.js';
import type { ComplaintsService } from '../registers/complaints.service.js';
import type { IncidentsService } from '../registers/incidents.service.js';
import type { ReportsService } from '../registers/reports.service.js';
import type { TrainingsService } from '../registers/trainings.service.js';
import type { ScoringService } from '../scoring/scoring.service.js';
import { shanghaiTime } from './render/format.js';

type Sample = Awaited<ReturnType<QaService['sample']>>;

/** What the evidence lines of the month's score are written from: the score's month report and the registers. */
export interface EvidenceSources {
  report: Awaited<ReturnType<ScoringService['month']>>;
  incidents: Awaited<ReturnType<IncidentsService['list']>>;
  reports: Awaited<ReturnType<ReportsService['list']>>;
  satisfaction: Awaited<ReturnType<SatisfactionService['view']>>;
  complaints: Awaited<ReturnType<ComplaintsService['list']>>;
  /** The complaints judged justified (有责). */
  justified: number;
  trainings: Awaited<ReturnType<TrainingsService['list']>>;
  sample: Sample;
  /** The QA sample's randomly drawn calls. */
  random: Sample['calls'];
}

/**
 * The evidence of each item of the month's score, in Chinese lines as the documents print them (the registers'
 * entries and figures the points come from). Instants in Asia/Shanghai local time.
 */
export function monthEvidence({ report, incidents, reports, satisfaction, complaints, justified, trainings, sample, random }: EvidenceSources): Record<ItemName, string[]> {
  const score = report.score;
  const held = trainings.filter((t) => t.status === 'held');
  const operations = reports.reports.find((r) => r.kind === 'operations');
  const selfAssessment = reports.reports.find((r) => r.kind === 'self_assessment');
  // Instants in Asia/Shanghai local time, as every document prints them (a due instant of 2026-12-10T00:00+08:00
  // reads 2026-12-10 00:00, as in the console).
  const reportLine = (label: string, r: ReportView | undefined) =>
    r ? `${label}：截止 ${shanghaiTime(r.dueAt)}，${r.submitted ? `${shanghaiTime(r.submitted.at)} 由 ${r.submitted.by.name} 提交` : '尚未提交'}${r.late ? '（逾期）' : ''}` : `${label}：无记录`;
  const figures = report.figures;
  return {
    confidentiality: incidents.length === 0
      ? ['保密事件台账：本月无登记']
      : [`保密事件台账：${incidents.length} 起（造成不良后果 ${incidents.filter((i) => i.consequences).length} 起）`, ...incidents.map((i) => `${i.date} ${i.description}`)],
    reporting: [
      reportLine('月度运营报告', operations),
      reportLine('服务考核自评表', selfAssessment),
      ...[operations, selfAssessment].flatMap((r) => r?.findings.map((f) => `支队意见：${f.note}（缺项 ${f.itemsMissing}，未如实自评 ${f.untruthful}）`) ?? []),
    ],
    connect: [
      `话务台账：请求 ${figures.requests ?? 0}，人工接通 ${figures.agentAnswered ?? 0}，IVR 接通 ${figures.ivrAnswered ?? 0}，剔除故障时段 ${score.connect.excludedInOutage} 通`,
      ...(report.missingDays.length > 0 ? [`台账缺少 ${report.missingDays.length} 天的数据：${report.missingDays.join('、')}`] : []),
    ],
    satisfaction: [
      `满意度回访 ${satisfaction.responses} 条（平台推送 ${satisfaction.fromFeed}，导入 ${satisfaction.imported}），非常满意 ${satisfaction.verySatisfied}，基本满意 ${satisfaction.basicallySatisfied}，不满意 ${satisfaction.dissatisfied}`,
      `参评率 ${satisfaction.surveyRatePercent ?? '—'}%`,
    ],
    complaints: [`投诉台账 ${complaints.length} 件：有责 ${justified}，无责 ${complaints.filter((c) => c.verdict === 'not_justified').length}，待定 ${complaints.filter((c) => c.verdict === 'pending').length}`],
    training: held.length === 0
      ? ['培训台账：本月无已举办的培训']
      : held.map((t) => `${t.date} ${TRAINING_TOPIC_LABELS[t.topic]}《${t.title}》，讲师 ${t.trainer}，${t.durationMinutes} 分钟，签到 ${t.attendees.length} 人${t.attachment ? '（附签到表）' : ''}`),
    qa: [
      sample.seed === null
        ? '质检抽样：尚未抽样'
        : `质检抽样：配额 ${sample.quota} 通，随机抽取 ${random.length} 通（种子 ${sample.seed}，${sample.method ?? ''}），已评分 ${sample.reviewed} 通`,
      `支队复核：评分差错 ${sample.errorsFound} 次`,
    ],
  };
}
