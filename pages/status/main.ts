import './status.css';

/*
 * The operations status page: polls /health/history (the gateway's own origin, no
 * personal data in it) and redraws tiles, charts and the transition list. Everything is
 * built as DOM and SVG elements here: the page's policy allows no inline script or style
 * and no asset from elsewhere.
 */

/** How often the page asks for a new snapshot, milliseconds. */
const REFRESH_MS = 3000;

type Breaker = 'closed' | 'open' | 'halfOpen';

/** The shape of GET /health/history (gateway/http/healthHistory.ts). */
interface Snapshot {
  replica: string;
  bucketMs: number;
  spanMs: number;
  generatedAt: string;
  /** Chinese and English name of each subgraph (the gateway's region catalogue). */
  names: Record<string, { zh: string; en: string }>;
  subgraphs: Array<{
    subgraph: string;
    region: string | null;
    status: 'up' | 'degraded' | 'down';
    breaker: Breaker;
    breakerSince: string;
    window: { requests: number; successRate: number | null; p50Ms: number | null; p95Ms: number | null; windowMs: number };
    lastErrorCode: string | null;
    cacheHitRatio: number | null;
    buckets: Array<{ at: string; requests: number; errors: number; p50Ms: number | null; p95Ms: number | null; breaker: Breaker }>;
  }>;
  transitions: Array<{ at: string; subgraph: string; region: string | null; from: Breaker; to: Breaker; reason: string; replica: string }>;
}

// The subgraphs' names, as the last snapshot served them (a region added to the
// gateway's catalogue shows with its names, no edit here).
let names: Snapshot['names'] = {};
const STATUS: Record<string, [string, string]> = { up: ['正常', 'Up'], degraded: ['降级', 'Degraded'], down: ['中断', 'Down'] };
const BREAKER: Record<Breaker, [string, string]> = { closed: ['闭合', 'closed'], halfOpen: ['半开', 'half-open'], open: ['打开', 'open'] };

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An HTML element with attributes and children (strings become text, never markup). */
function el(tag: string, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: Node[]): SVGElement {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

/** Chinese, then English in a quieter span. */
const bi = (zh: string, en: string) => el('span', {}, `${zh} `, el('span', { class: 'en' }, en));
const name = (subgraph: string) => bi(names[subgraph]?.zh ?? subgraph, names[subgraph]?.en ?? subgraph);
const ms = (v: number | null) => (v === null ? '—' : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`);
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)}%`);
const time = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { hour12: false });

function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

function figure(zh: string, en: string, value: string, key: string): HTMLElement {
  return el('div', { class: 'figure', 'data-figure': key }, el('dt', {}, bi(zh, en)), el('dd', {}, value));
}

function tile(s: Snapshot['subgraphs'][number], now: number): HTMLElement {
  const w = s.window;
  const errorRate = w.successRate === null ? null : 1 - w.successRate;
  const [zh, en] = STATUS[s.status]!;
  const [bzh, ben] = BREAKER[s.breaker];
  const figures = el(
    'dl',
    {},
    figure('熔断器', 'Breaker', `${bzh} ${ben} · ${ago(s.breakerSince, now)}`, 'breaker'),
    figure('p50 / p95', 'latency', `${ms(w.p50Ms)} / ${ms(w.p95Ms)}`, 'latency'),
    figure('错误率', 'Error rate', pct(errorRate), 'errors'),
    figure('请求数', `Requests (${Math.round(w.windowMs / 1000)} s)`, String(w.requests), 'requests'),
  );
  if (s.region) figures.append(figure('缓存命中率', 'Cache hits (60 min)', pct(s.cacheHitRatio), 'cache'));
  return el(
    'article',
    { class: `tile ${s.status}`, 'data-subgraph': s.subgraph, 'data-status': s.status, 'data-breaker': s.breaker },
    el('h3', {}, name(s.subgraph)),
    el('p', { class: 'badge' }, bi(zh, en)),
    figures,
    s.lastErrorCode && s.status !== 'up' ? el('p', { class: 'code' }, s.lastErrorCode) : '',
  );
}

/** One subgraph's last hour: p95 and p50 latency lines above, error-rate bars below, openings as red rules. */
function chart(s: Snapshot['subgraphs'][number], snapshot: Snapshot): HTMLElement {
  const W = 600;
  const LAT_H = 90;
  const ERR_TOP = 100;
  const ERR_H = 36;
  const end = Date.parse(snapshot.generatedAt);
  const start = end - snapshot.spanMs;
  const x = (t: number) => ((t - start) / snapshot.spanMs) * W;
  const maxLatency = Math.max(1, ...s.buckets.map((b) => b.p95Ms ?? 0));
  const y = (v: number) => LAT_H - (v / maxLatency) * (LAT_H - 6);
  const line = (pick: (b: Snapshot['subgraphs'][number]['buckets'][number]) => number | null, cls: string) => {
    const points = s.buckets
      .filter((b) => pick(b) !== null)
      .map((b) => `${x(Date.parse(b.at) + snapshot.bucketMs / 2).toFixed(1)},${y(pick(b)!).toFixed(1)}`);
    return svg('polyline', { class: cls, points: points.join(' ') });
  };
  // Dots too: the first minutes of a fresh gateway are a few buckets at the right edge.
  const dots = s.buckets
    .filter((b) => b.p95Ms !== null)
    .map((b) => svg('circle', { class: 'p95', cx: x(Date.parse(b.at) + snapshot.bucketMs / 2).toFixed(1), cy: y(b.p95Ms!).toFixed(1), r: 2 }));
  const barW = Math.max(1, (snapshot.bucketMs / snapshot.spanMs) * W);
  const bars = s.buckets
    .filter((b) => b.requests > 0 && b.errors > 0)
    .map((b) => {
      const h = (b.errors / b.requests) * ERR_H;
      return svg('rect', { class: 'err', x: x(Date.parse(b.at)).toFixed(1), y: (ERR_TOP + ERR_H - h).toFixed(1), width: barW.toFixed(1), height: h.toFixed(1) });
    });
  const openings = snapshot.transitions
    .filter((t) => t.subgraph === s.subgraph && t.to === 'open' && Date.parse(t.at) >= start)
    .map((t) => svg('line', { class: 'open', x1: x(Date.parse(t.at)).toFixed(1), x2: x(Date.parse(t.at)).toFixed(1), y1: 0, y2: ERR_TOP + ERR_H }, svg('title', {}, document.createTextNode(`${time(t.at)} 熔断打开 breaker opened`))));
  const label = (text: string, yPos: number) => {
    const t = svg('text', { class: 'axis', x: 4, y: yPos });
    t.textContent = text;
    return t;
  };
  const picture = svg(
    'svg',
    { viewBox: `0 0 ${W} ${ERR_TOP + ERR_H + 4}`, role: 'img', 'aria-label': `${names[s.subgraph]?.en ?? s.subgraph}: latency and error rate, last 60 minutes` },
    svg('rect', { class: 'frame', x: 0, y: 0, width: W, height: LAT_H }),
    svg('rect', { class: 'frame', x: 0, y: ERR_TOP, width: W, height: ERR_H }),
    line((b) => b.p50Ms, 'p50'),
    line((b) => b.p95Ms, 'p95'),
    ...dots,
    ...bars,
    ...openings,
    label(`${Math.round(maxLatency)} ms`, 12),
    label('100%', ERR_TOP + 11),
  );
  return el('figure', { class: 'chart', 'data-subgraph': s.subgraph }, el('figcaption', {}, name(s.subgraph)), picture, el('p', { class: 'axis-note' }, bi('−60 分钟', '−60 min'), el('span', {}, bi('现在', 'now'))));
}

function transitionRow(t: Snapshot['transitions'][number]): HTMLElement {
  return el(
    'tr',
    { 'data-subgraph': t.subgraph, 'data-to': t.to },
    el('td', {}, time(t.at)),
    el('td', {}, name(t.subgraph)),
    el('td', { class: `change to-${t.to}` }, `${BREAKER[t.from][0]} ${BREAKER[t.from][1]} → ${BREAKER[t.to][0]} ${BREAKER[t.to][1]}`),
    el('td', {}, t.reason),
    el('td', { class: 'replica' }, t.replica),
  );
}

function render(snapshot: Snapshot): void {
  names = snapshot.names;
  const now = Date.parse(snapshot.generatedAt);
  document.getElementById('tiles')!.replaceChildren(...snapshot.subgraphs.map((s) => tile(s, now)));
  document.getElementById('charts')!.replaceChildren(...snapshot.subgraphs.map((s) => chart(s, snapshot)));
  const rows = snapshot.transitions.map(transitionRow);
  document
    .querySelector('#transitions tbody')!
    .replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '5', class: 'none' }, bi('暂无变化', 'No transitions since start')))]));
  const meta = document.getElementById('meta')!;
  meta.className = 'meta';
  meta.replaceChildren(bi('更新于', 'Updated'), ` ${time(snapshot.generatedAt)} · `, bi('副本', 'replica'), ` ${snapshot.replica} · `, bi(`每 ${REFRESH_MS / 1000} 秒刷新`, `refreshes every ${REFRESH_MS / 1000} s`));
}

async function refresh(): Promise<void> {
  try {
    const res = await fetch('/health/history', { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    render((await res.json()) as Snapshot);
  } catch {
    const meta = document.getElementById('meta')!;
    meta.className = 'meta stale';
    meta.replaceChildren(bi('网关无应答，显示的是上次的数据', 'Gateway not answering; showing the last figures'));
  } finally {
    setTimeout(() => void refresh(), REFRESH_MS);
  }
}

void refresh();
