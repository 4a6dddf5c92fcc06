/**
 * What a page or export shows where a stored code or id has no name (a town the registry no longer
 * holds, a product the catalogue dropped): a word, never the code itself. One set for server and web.
 */
export const MISSING_NAME = {
  town: '未登记镇街',
  unit: '未登记单位',
  entity: '未登记主体',
  product: '未收录产品',
  analyte: '未收录的检测项目',
  village: '未登记村',
  grid: '未登记网格',
} as const;

/** The district's own testing centre, which holds plan quotas and tasks under the district code. */
export const DISTRICT_CENTRE = '区检测中心';
