import jsQR from 'jsqr';
import { loadDevPartners, type DevPartner } from '../shared/devPartners';
import './verify.css';

/*
 * The counter page (/verify): an official scans the QR code the holder shows, with the
 * camera or a photo, and sees the outcome in large type. One request per scan:
 * verifyPresentation with the decision for the chosen host region (docs/presentation-codes.md).
 */

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const QUERY = `query Verify($code: String!, $host: Region!, $service: Service!) {
  verifyPresentation(code: $code) {
    verification { keyId issuer purpose expiresAt }
    permit {
      id status validUntil holder { name idNumber }
      recognition(host: $host, service: $service) { decision reasons { code messageZh messageEn } }
    }
  }
}`;

/** The four decisions, and a refused code, in the words the counter reads. */
const VERDICTS: Record<string, [string, string]> = {
  RECOGNISED: ['认可', 'Recognised'],
  REFERRED: ['转人工复核', 'Referred for review'],
  REJECTED: ['不予认可', 'Rejected'],
  UNVERIFIABLE: ['无法核验', 'Unverifiable'],
};

/** What the counter is told for each refusal of the code itself. */
const CODE_MESSAGES: Record<string, [string, string]> = {
  CODE_ALREADY_USED: ['亮证码已使用', 'Code already used — ask for a new one'],
  CODE_EXPIRED: ['亮证码已过期', 'Code expired — ask for a new one'],
  CODE_INVALID: ['亮证码无效', 'Invalid code'],
  CODE_PURPOSE_MISMATCH: ['用途不符', 'Code is for another purpose'],
  CODE_AUDIENCE_MISMATCH: ['接收方不符', 'Code is for another partner'],
  ISSUER_NOT_TRUSTED: ['签发方不可信', 'Issuer not trusted'],
};

let partners: DevPartner[] | null = null;

async function setUp(): Promise<void> {
  partners = await loadDevPartners().catch(() => null);
  if (partners && partners.length > 0) {
    const select = $<HTMLSelectElement>('partner');
    for (const p of partners) select.add(new Option(`${p.name} (${p.id})`, p.id));
    $('partner-row').hidden = false;
    $('token-row').hidden = true;
    select.addEventListener('change', () => choosePartner(select.value));
    choosePartner(select.value);
  }
  $('file').addEventListener('change', () => void scanFile());
  $('camera').addEventListener('click', () => void scanCamera());
  // Tests (and any automation) wait for this before scanning.
  document.body.dataset.ready = 'true';
}

function choosePartner(id: string): void {
  const partner = partners?.find((p) => p.id === id);
  if (!partner) return;
  $<HTMLSelectElement>('host').value = partner.region;
  const purpose = $<HTMLSelectElement>('purpose');
  if (!partner.purposes.includes(purpose.value) && partner.purposes[0]) purpose.value = partner.purposes[0];
}

function token(): string {
  const chosen = partners?.find((p) => p.id === $<HTMLSelectElement>('partner').value);
  return chosen?.token ?? $<HTMLInputElement>('token').value.trim();
}

/** The QR code's text in an image, or null. */
function decode(source: CanvasImageSource, width: number, height: number): string | null {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(source, 0, 0, width, height);
  const image = ctx.getImageData(0, 0, width, height);
  return jsQR(image.data, width, height)?.data ?? null;
}

async function scanFile(): Promise<void> {
  const file = $<HTMLInputElement>('file').files?.[0];
  if (!file) return;
  const bitmap = await createImageBitmap(file);
  const code = decode(bitmap, bitmap.width, bitmap.height);
  $<HTMLInputElement>('file').value = '';
  if (code) await verify(code);
  else show('REFUSED', ['未识别到二维码', 'No QR code found in the image'], []);
}

let scanning = false;

async function scanCamera(): Promise<void> {
  if (scanning) return;
  const video = $<HTMLVideoElement>('video');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  } catch {
    show('REFUSED', ['无法打开摄像头', 'The camera could not be opened; use an image file'], []);
    return;
  }
  scanning = true;
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  const stop = () => {
    scanning = false;
    for (const track of stream.getTracks()) track.stop();
    video.hidden = true;
  };
  const tick = async () => {
    if (!scanning) return;
    const code = video.videoWidth > 0 ? decode(video, video.videoWidth, video.videoHeight) : null;
    if (code) {
      stop();
      await verify(code);
    } else {
      requestAnimationFrame(() => void tick());
    }
  };
  requestAnimationFrame(() => void tick());
}

interface Answer {
  data?: {
    verifyPresentation: {
      verification: { keyId: string; issuer: string; purpose: string; expiresAt: string };
      permit: null | {
        id: string;
        status: string;
        validUntil: string;
        holder?: { name: string; idNumber: string };
        recognition: { decision: string; reasons: Array<{ code: string; messageZh: string; messageEn: string }> };
      };
    } | null;
  } | null;
  errors?: Array<{ message: string; extensions?: { code?: string; messageZh?: string; messageEn?: string } }>;
}

async function verify(code: string): Promise<void> {
  const purpose = $<HTMLSelectElement>('purpose').value;
  // A code names a permit: the audit record says for which case and officer (both required).
  const references = { 'x-case-id': $<HTMLInputElement>('case').value.trim(), 'x-officer-id': $<HTMLInputElement>('officer').value.trim() };
  if (!references['x-case-id'] || !references['x-officer-id']) {
    show('REFUSED', ['请填写案件编号和经办人', 'Enter the case id and the officer id first'], []);
    return;
  }
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}`, 'x-purpose': purpose, ...references },
    body: JSON.stringify({ query: QUERY, variables: { code, host: $<HTMLSelectElement>('host').value, service: purpose } }),
  });
  const answer = (await res.json()) as Answer;
  const presented = answer.data?.verifyPresentation;
  const errors = answer.errors ?? [];
  if (!presented) {
    const first = errors[0]?.extensions;
    const known = first?.code ? CODE_MESSAGES[first.code] : undefined;
    show('REFUSED', known ?? [first?.messageZh ?? '核验失败', first?.messageEn ?? 'Verification failed'], errors.map((e) => [e.extensions?.messageZh ?? '', e.extensions?.messageEn ?? e.message]));
    return;
  }
  const { permit, verification } = presented;
  if (!permit) {
    // Fail closed: the region could not give its current record.
    show('UNVERIFIABLE', VERDICTS.UNVERIFIABLE!, errors.map((e) => [e.extensions?.messageZh ?? '', e.extensions?.messageEn ?? e.message]));
    return;
  }
  const decision = permit.recognition.decision;
  show(
    decision,
    VERDICTS[decision] ?? [decision, decision],
    permit.recognition.reasons.map((r) => [r.messageZh, r.messageEn]),
    [
      ['居住证号 Permit', permit.id],
      ['状态 Status', permit.status],
      ['有效期至 Valid until', permit.validUntil],
      ...(permit.holder ? ([['持证人 Holder', `${permit.holder.name} ${permit.holder.idNumber}`]] as Array<[string, string]>) : []),
    ],
    `签发 Issuer ${verification.issuer} · 密钥 Key ${verification.keyId} · 用途 Purpose ${verification.purpose} · 首次使用 First use ✓`,
  );
}

function show(kind: string, [zh, en]: [string, string], reasons: Array<[string, string]>, fields: Array<[string, string]> = [], checks = ''): void {
  const outcome = $('outcome');
  outcome.className = kind;
  outcome.hidden = false;
  $('verdict').textContent = zh;
  $('verdict-en').textContent = en;
  $('reasons').replaceChildren(
    ...reasons.map(([rz, re]) => {
      const li = document.createElement('li');
      li.textContent = rz ? `${rz} — ${re}` : re;
      return li;
    }),
  );
  $('fields').replaceChildren(
    ...fields.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      return [dt, dd];
    }),
  );
  $('checks').textContent = checks;
}

void setUp();
