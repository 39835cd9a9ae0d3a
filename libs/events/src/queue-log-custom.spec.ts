import { parseQueueLog } from './queue-log';
import { parseSurveyRating } from './survey';

/** The product's custom queue_log lines (README "queue_log custom lines"): IVR menu choices and hang-up survey answers. */
describe('queue_log custom lines IVR and SURVEY', () => {
  const log = [
    '1718000000|100.1|NONE|NONE|IVR|2-1|12|QUEUE',
    '1718000001|100.1|cars|NONE|ENTERQUEUE||13800000000|1',
    '1718000005|100.1|cars|PJSIP/1|CONNECT|4|100.9|2',
    '1718000065|100.1|cars|PJSIP/1|COMPLETECALLER|4|60|1',
    '1718000070|100.1|cars|PJSIP/1|SURVEY|2',
    '1718000100|200.1|NONE|NONE|IVR|3|40|HANGUP',
    '1718000200|300.1|NONE|NONE|IVR|1|15|ABANDON',
    '1718000300|400.1|NONE|NONE|SURVEY|非常满意|q2=1',
    '1718000400|500.1|NONE|NONE|SURVEY|5',
    '1718000401|500.1|NONE|NONE|SURVEY|',
    '1718000500|600.1|NONE|NONE|IVR|1|5|LATER',
    '1718000600|NONE|NONE|NONE|SURVEY|1',
  ].join('\n');
  const { events, deadLetters } = parseQueueLog(log, { file: 'q' });

  it('IVR: the choice on call.offered at the arrival; HANGUP completes in self-service, ABANDON is lost in the IVR', () => {
    expect(events.filter((e) => e.callId === '100.1' && e.type === 'call.offered')).toEqual([
      expect.objectContaining({ ts: new Date(1717999988_000).toISOString(), ivrChoice: '2-1' }),
      expect.objectContaining({ ts: new Date(1718000001_000).toISOString() }),
    ]);
    expect(events.filter((e) => e.callId === '200.1').map((e) => e.type)).toEqual(['call.offered', 'ivr.completed']);
    expect(events.find((e) => e.callId === '200.1' && e.type === 'ivr.completed')).toMatchObject({ ivrSeconds: 40, ts: new Date(1718000100_000).toISOString() });
    expect(events.find((e) => e.callId === '300.1' && e.type === 'call.abandoned')).toMatchObject({ where: 'ivr', reason: 'hangup', waitSeconds: 15 });
  });

  it('SURVEY: rating 1/2/3 or the words -> survey.answered; a bad or missing rating and a call-less line are dead letters naming why', () => {
    expect(events.filter((e) => e.type === 'survey.answered').map((e) => [e.callId, e.type === 'survey.answered' && e.rating])).toEqual([
      ['100.1', 'basically-satisfied'],
      ['400.1', 'very-satisfied'],
    ]);
    expect(deadLetters.map((d) => [d.line, d.reason])).toEqual([
      [9, expect.stringContaining('rating "5"')],
      [10, expect.stringContaining('missing rating')],
      [11, expect.stringContaining('end "LATER"')],
      [12, expect.stringContaining('without a call id')],
    ]);
  });

  it('reads ratings as the platforms write them', () => {
    expect(['1', ' 2 ', '3', '非常满意', '基本满意', '不满意', 'Very_Satisfied', 'dissatisfied'].map(parseSurveyRating)).toEqual([
      'very-satisfied', 'basically-satisfied', 'dissatisfied', 'very-satisfied', 'basically-satisfied', 'dissatisfied', 'very-satisfied', 'dissatisfied',
    ]);
    expect(parseSurveyRating('4')).toBeUndefined();
  });
});
