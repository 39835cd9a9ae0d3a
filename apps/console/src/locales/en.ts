import type zh from './zh-CN';

const en: typeof zh = {
  app: { title: 'HotlineOps', connected: 'Live', disconnected: 'Disconnected', language: '中文' },
  nav: { live: 'Live floor', planner: 'Planner', month: 'Month-end' },
  live: {
    dayRate: 'Connect rate today',
    monthRate: 'Connect rate this month',
    target: 'Target {target}%',
    underTarget: 'Below target',
    onTarget: 'On target',
    waiting: 'Calls waiting',
    longestWait: 'Longest wait',
    serviceLevel: 'Service level ({seconds} s)',
    asa: 'ASA',
    aht: 'AHT',
    requests: 'Requests',
    agentAnswered: 'Agent-answered',
    ivrAnswered: 'IVR-answered',
    abandoned: 'Abandoned',
    interval: 'Interval {label}',
    chartTitle: 'Answered and abandoned per interval',
    connectRate: 'Connect rate',
    agents: 'Agents',
    agentsToday: 'Answered today',
    asOf: 'As of',
    synthetic: 'Synthetic data (not real traffic)',
    noData: 'No data yet',
    seconds: '{n} s',
    noAgents: 'No agent information yet',
  },
  state: { login: 'Logged in', ready: 'Ready', busy: 'On call', wrap: 'Wrap-up', paused: 'Paused', logout: 'Logged out' },
};

export default en;
