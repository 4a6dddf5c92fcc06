import {
  type PublicTraceView,
  STYLE_LABELS,
  type SupervisionColour,
  unitLabel,
  VALIDITY_LABELS,
} from '@nongan/shared/certificates/schemas';

/**
 * The public scan page (/t/<code>): server-rendered, mobile first, no script, inline CSS, so it
 * opens quickly in WeChat's in-app browser on any phone. Every value goes through `esc`.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const SPECIAL = /[&<>"']/;
export const esc = (v: unknown) => {
  const s = String(v ?? '');
  return SPECIAL.test(s) ? s.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string) : s;
};

/** Served with the page: nothing runs, nothing is framed, the code does not leak in a Referer. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2329;background:#f2f3f5;-webkit-text-size-adjust:100%}
.wrap{max-width:560px;margin:0 auto;padding-bottom:24px}
.banner{color:#fff;padding:22px 16px 18px;text-align:center}
.banner.genuine{background:#15803d}.banner.revoked{background:#b91c1c}.banner.unknown{background:#4b5563}
.banner .mark{font-size:40px;line-height:1}
.banner h1{margin:6px 0 2px;font-size:24px;letter-spacing:2px}
.banner p{margin:0;opacity:.9;font-size:13px}
.card{background:#fff;margin:10px 10px 0;border-radius:10px;padding:12px 14px}
.card h2{margin:0 0 8px;font-size:15px;color:#4e5969}
.product{font-size:22px;font-weight:600;margin:0}
.qty{color:#4e5969;margin:2px 0 0}
dl{margin:0;display:grid;grid-template-columns:5.5em 1fr;gap:6px 8px}
dt{color:#86909c}dd{margin:0;word-break:break-all}
ul{margin:0;padding-left:1.2em}li{margin:2px 0}
.ok li::marker{content:"✓ ";color:#15803d}
.colour{display:flex;align-items:center;gap:10px}
.dot{width:28px;height:28px;border-radius:50%;flex:none}
.dot.green{background:#16a34a}.dot.yellow{background:#eab308}.dot.red{background:#dc2626}
.muted{color:#86909c;font-size:13px}
.warn{background:#fff7e6;border:1px solid #ffd591;color:#ad4e00;border-radius:8px;padding:8px 10px;margin-top:8px}
.alert{background:#fff1f0;border:1px solid #ffa39e;color:#a8071a;border-radius:8px;padding:8px 10px;margin-top:8px}
.test{border-top:1px solid #f0f0f0;padding:8px 0}.test:first-of-type{border-top:0;padding-top:0}
a{color:#1d4ed8}
footer{text-align:center;color:#86909c;font-size:12px;margin:16px 10px 0}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="format-detection" content="telephone=no">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body><div class="wrap">
${body}
<footer>农产品质量安全追溯查询 · 承诺达标合格证</footer>
</div></body>
</html>`;
}

/** An instant in China Standard Time, to the minute. */
function chinaTime(iso: string | null): string {
  if (!iso) return '';
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

// One formatter: toLocaleString builds a new one on every call, a large share of a page's cost.
const QTY = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 3 });
const qty = (q: number, unit: string) => `${QTY.format(q)} ${unitLabel(unit)}`;

const row = (label: string, value: string) => (value ? `<dt>${esc(label)}</dt><dd>${value}</dd>` : '');

const COLOUR_NAMES: Record<SupervisionColour, string> = { green: '绿码', yellow: '黄码', red: '红码' };

export function tracePage(v: PublicTraceView): string {
  const revoked = v.validity === 'revoked';
  const banner = `<header class="banner ${v.validity}">
<div class="mark">${revoked ? '✕' : '✓'}</div>
<h1>${esc(v.validityLabel)}</h1>
<p>承诺达标合格证（${esc(STYLE_LABELS[v.style])}）· 编号 ${esc(v.certNo)}</p>
</header>`;
  const revokedCard = revoked
    ? `<section class="card"><div class="alert"><strong>该合格证已被开具人撤销，不能作为该批产品的合格证明。</strong>
<dl style="margin-top:6px">${row('撤销时间', esc(chinaTime(v.revokedAt)))}${row('撤销原因', esc(v.revokeReason))}</dl></div></section>`
    : '';
  const tel = v.producer.contact.replace(/[^0-9+]/g, '');
  const main = `<section class="card">
<p class="product">${esc(v.productName)}</p>
<p class="qty">${esc(qty(v.quantity, v.unit))}</p>
</section>
<section class="card"><h2>产品信息</h2><dl>
${row('生产者', esc(v.producer.name) + (v.producer.type ? ` <span class="muted">（${esc(v.producer.type)}）</span>` : ''))}
${row('产地', esc(v.origin))}
${row('开具日期', esc(v.issueDate))}
${row('联系电话', tel ? `<a href="tel:${esc(tel)}">${esc(v.producer.contact)}</a>` : esc(v.producer.contact))}
${row('合格证编号', esc(v.certNo))}
${v.producer.onBehalf ? row('开具方式', '镇街监管人员代开') : ''}
</dl></section>`;
  const colour = `<section class="card"><h2>主体监管赋色</h2>
<div class="colour"><span class="dot ${v.supervision.colour}" aria-hidden="true"></span>
<div><strong>${esc(COLOUR_NAMES[v.supervision.colour])}</strong><div class="muted">${esc(v.supervision.label)}（近${esc(v.supervision.windowDays)}天）</div><div data-colour-basis>依据：${esc(v.supervision.basis)}</div></div></div>
</section>`;
  const commitments = `<section class="card"><h2>我承诺</h2><ul class="ok">${v.commitments
    .map((c) => `<li>${esc(c)}</li>`)
    .join('')}</ul></section>`;
  const basisLabels = v.bases.map((b) => b.label).join('、');
  const bases = `<section class="card"><h2>承诺依据</h2>${
    v.legacyBasis
      ? `<p style="margin:0">原模板：${esc(v.legacyBasis)} → ${esc(basisLabels)}</p>`
      : `<ul class="ok">${v.bases.map((b) => `<li>${esc(b.label)}</li>`).join('')}</ul>`
  }</section>`;
  const tests = v.tests.length
    ? `<section class="card"><h2>检测记录</h2>${v.tests
        .map(
          (t) => `<div class="test"><dl>
${row('类型', esc(t.kindLabel))}
${row('编号', esc(t.refNo))}
${row('检测项目', esc(t.items.join('、')))}
${row('结果', esc(t.result))}
${row('检测日期', esc(t.testedOn))}
${row('检测机构', esc(t.lab))}
${t.report ? row('检验报告', `<a href="${esc(t.report.url)}">${esc(t.report.reportNo)}（PDF）</a>`) : ''}
</dl></div>`,
        )
        .join('')}</section>`
    : '';
  // Brand certifications and regional-brand licences (brands domain); only shown when there are some.
  const brands = v.brands.length
    ? `<section class="card"><h2>品牌认证</h2><ul>${v.brands
        .map(
          (b) =>
            `<li>${esc(b.kind)}：${esc(b.name)}（${b.certNo ? `证书 ${esc(b.certNo)}` : '授权使用'}${b.validUntil ? `，有效期至 ${esc(b.validUntil)}` : ''}）</li>`,
        )
        .join('')}</ul></section>`
    : '';
  const sources = v.sources.length
    ? `<section class="card"><h2>来源合格证</h2><p class="muted" style="margin:0 0 6px">本批产品由收购者收取以下合格证的产品后开具：</p>${v.sources
        .map(
          (s) => `<div class="test"><dl>
${row('合格证编号', s.traceCode ? `<a href="/t/${esc(encodeURIComponent(s.traceCode))}">${esc(s.certNo)}</a>` : `${esc(s.certNo)} <span class="muted">（纸质）</span>`)}
${row('供货者', esc(s.supplier))}
${row('产品', `${esc(s.productName)} ${esc(qty(s.quantity, s.unit))}`)}
${row('收货日期', esc(s.receivedOn))}
${s.status === 'revoked' ? row('状态', '<span style="color:#b91c1c">已撤销</span>') : ''}
</dl></div>`,
        )
        .join('')}</section>`
    : '';
  const scans = `<section class="card"><h2>查询记录</h2>
<p style="margin:0">本码已被查询 <strong>${esc(v.scans.total)}</strong> 次</p>
${
  v.scans.copyWarning
    ? `<div class="warn">标签可能被复制：${esc(v.scans.basis)}，超出一批产品标签通常的流通范围。请核对产品与合格证是否一致，如有疑问请向当地农业农村部门反映。</div>`
    : ''
}
<p class="muted" style="margin:6px 0 0">复制提示的依据：${esc(v.scans.basis)}。</p>
</section>`;
  return layout(
    `${v.validityLabel} · ${v.productName} · 合格证追溯`,
    [banner, revokedCard, main, colour, commitments, bases, tests, brands, sources, scans].join('\n'),
  );
}

export function unknownPage(): string {
  return layout(
    '无法识别的追溯码',
    `<header class="banner unknown"><div class="mark">?</div><h1>${esc(VALIDITY_LABELS.unknown)}</h1>
<p>平台上没有这个追溯码</p></header>
<section class="card"><p style="margin:0">该追溯码未在平台登记，或已被改动，标签可能为伪造。</p>
<ul style="margin-top:8px"><li>请向销售者索要有效的承诺达标合格证；</li><li>如有疑问，请向当地农业农村部门反映。</li></ul></section>`,
  );
}

/** Too many requests, or the service failing: said plainly, in the page's own look. */
export function messagePage(title: string, text: string): string {
  return layout(
    title,
    `<header class="banner unknown"><div class="mark">!</div><h1>${esc(title)}</h1></header>
<section class="card"><p style="margin:0">${esc(text)}</p></section>`,
  );
}
