import { readFileSync } from 'node:fs';
import { readCsv } from '../../platform/csv-table.ts';

const FILE = 'priority-varieties.csv';
const COLUMNS = ['类别', '品种', '范围', '关注药物', '来源'] as const;
const SOURCES: Record<string, string> = {
  '788px-2021-08-17':
    '某市启动“治违禁 控药残 促提升”三年行动的新闻报道（2021-08-17），http://www.788px.cn/shehui/2021/0817/400031694.html',
};

/** Shown beside the list: what it is and what is missing (see data/SOURCES.md). */
export const VARIETIES_NOTE =
  '以下为一地级市公布的三年行动重点治理品种（新闻报道，2021-08-17），并非农业农村部全国名单；' +
  '全国方案原文与各品种的关注药物尚未取得，关注药物请按本区方案填写。';

export interface Variety {
  category: string;
  name: string;
  scope: string;
  drugs: string[];
  source: string;
}

let cache: Variety[] | null = null;

export function priorityVarieties(): Variety[] {
  if (cache) return cache;
  const text = readFileSync(new URL(`./data/${FILE}`, import.meta.url), 'utf8');
  const rows = readCsv(FILE, text, COLUMNS, (file, line, field, reason) => {
    return new Error(`${file}:${line} ${field}: ${reason}`);
  });
  cache = rows.map(({ line, cells }) => {
    const source = SOURCES[cells.来源 ?? ''];
    if (!source) throw new Error(`${FILE}:${line} 来源: 未登记的来源`);
    return {
      category: cells.类别 ?? '',
      name: cells.品种 ?? '',
      scope: cells.范围 ?? '',
      drugs: (cells.关注药物 ?? '').split(/[、;；]/).filter(Boolean),
      source,
    };
  });
  return cache;
}
