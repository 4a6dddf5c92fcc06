/** Domains still to be built, each with the 2021 plan duty it will serve (see mission/plan-2021.md). */
export const PLANNED: Record<string, { title: string; duty: string }> = {
  '/reports': {
    title: '报表',
    duty: '二(二)、二(九) 报表：监测结果汇总分析、监测进度通报、季度监管通报。',
  },
};
