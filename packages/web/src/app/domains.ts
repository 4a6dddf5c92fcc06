/** Domains still to be built, each with the 2021 plan duty it will serve (see mission/plan-2021.md). */
export const PLANNED: Record<string, { title: string; duty: string }> = {
  '/brands': {
    title: '两品一标',
    duty: '二(六) 品牌认证：绿色、有机、地理标志（及名特优新、重庆名牌、GAP）登记、年检、证后监管，全年新增不少于20个。',
  },
  '/training': {
    title: '培训',
    duty: '二(三) 培训：按类别培训镇街检测与监管人员、村级协管员、企业负责人、农资店主，投入品经营者每年至少2次。',
  },
  '/assessment': {
    title: '考核',
    duty: '二(一) 考核：按组织领导、合格证试行、日常监管、检测、追溯、品牌认证、案件查处对镇街评分、排名、通报。',
  },
  '/reports': {
    title: '报表',
    duty: '二(二)、二(九) 报表：监测结果汇总分析、监测进度通报、季度监管通报。',
  },
};
