import { z } from 'zod';

// Validation messages in Simplified Chinese for every schema, on the server and in the browser.
// zod's own zh-CN messages name types and enum values in English ("期望 number <=54", "期望以下之一
// retail_market|…") and print regular expressions; people read these reasons (forms, import error
// reports), so the common cases are said in plain words here and the rest fall back to zod's.

const zhCN = z.locales.zhCN().localeError as z.core.$ZodErrorMap;

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  nan: '数字',
  boolean: '“是”或“否”',
  array: '列表',
  object: '一组字段',
  date: '日期',
  file: '文件',
};
const UNITS: Record<string, string> = { string: '个字', array: '项', set: '项', map: '项', file: '字节' };

export const plainChineseErrors: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return '不能为空';
      return `应为${TYPE_NAMES[issue.expected] ?? '正确的格式'}`;
    case 'too_big': {
      const unit = UNITS[issue.origin];
      const max = String(issue.maximum);
      if (issue.origin === 'date') return '日期过晚';
      if (unit) return issue.inclusive === false ? `应少于 ${max} ${unit}` : `最多 ${max} ${unit}`;
      return issue.inclusive === false ? `应小于 ${max}` : `不能大于 ${max}`;
    }
    case 'too_small': {
      const unit = UNITS[issue.origin];
      const min = String(issue.minimum);
      if (issue.origin === 'date') return '日期过早';
      if (unit) {
        if (min === '1' && issue.inclusive !== false)
          return issue.origin === 'string' ? '不能为空' : '至少填写一项';
        return issue.inclusive === false ? `应多于 ${min} ${unit}` : `至少 ${min} ${unit}`;
      }
      return issue.inclusive === false ? `应大于 ${min}` : `不能小于 ${min}`;
    }
    case 'invalid_value':
      return '不是可选的值';
    case 'invalid_format':
      return issue.format === 'email' || issue.format === 'url' ? zhCN(issue) : '格式不正确';
    case 'invalid_key':
    case 'invalid_element':
      return '含有无效的值';
    default:
      return zhCN(issue);
  }
};

z.config({ localeError: plainChineseErrors });
