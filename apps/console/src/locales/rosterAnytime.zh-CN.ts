/** Texts of the roster's anytime solving (issue 17: the background search, its versions and its stop), merged into the console's Chinese messages (i18n.ts). */
export default {
  rosterAnytime: {
    improveMinutes: '后台继续优化（分钟，0 为不优化）',
    improving: '后台优化中',
    finished: '优化已结束',
    version: '当前最优：第 {version} 版',
    versions: '已保存 {n} 个改进草稿',
    objective: '目标值 {value}',
    connectRate: '接通率 {value}',
    bound: '下界 {value}',
    gap: '差距 {value}',
    elapsed: '已用 {value}',
    foundAt: '于 {value} 找到',
    stop: '停止并保留最优',
    stopping: '正在停止…',
    newVersion: '已找到更优的排班，已打开第 {version} 版',
    reason: {
      'time-limit': '达到时间上限',
      gap: '已证明差距达标',
      stalled: '长时间无改进，自动停止',
      budget: '后台优化时间用完',
      stopped: '已由计划员停止',
      exhausted: '搜索已穷尽',
      'solver-error': '求解器出错，已保留最优',
    },
    objectiveHint: '目标值 = 预计损失来话 + 加班与公平罚分（越小越好）；差距 = (目标值 − 下界) / 目标值',
  },
};
