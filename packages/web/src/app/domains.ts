/** Domains still to be built, each with the 2021 plan duty it will serve (see mission/plan-2021.md). */
export const PLANNED: Record<string, { title: string; duty: string }> = {
  '/assessment': {
    title: '考核',
    duty: '二(一) 考核：按组织领导、合格证试行、日常监管、检测、追溯、品牌认证、案件查处对镇街评分、排名、通报。',
  },
};
