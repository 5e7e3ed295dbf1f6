import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { DEFAULTS, DEFAULT_PORTS, type ServiceName } from '../common/defaults';
import { parsePermitNumber } from '../common/permitNumber';
import { REGION_INFO } from '../common/regions';
import { isService } from '../common/services';

/**
 * `npm run code -- <permitId> --purpose <SERVICE> [--audience <partner or REGION>]
 * [--lifetime <seconds>] [--out <file.png>] [--city <base URL>]` asks the permit's city,
 * as the region's own app would, for a presentation code (docs/presentation-codes.md);
 * prints it, draws it as a QR code in the terminal and writes it as a PNG
 * (default `presentation-code.png`). The city runs (`npm start`); its app-client token is
 * APP_CLIENT_TOKEN, else the development token.
 */
const USAGE =
  'usage: npm run code -- <permitId> --purpose <SERVICE> [--audience <partner|REGION>] [--lifetime <seconds>] [--out <file.png>] [--city <base URL>]';

/** Error-correction level M (15 %): a phone reads a screen at arm's length; L would make the code one version smaller. */
export const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** Scale of the PNG: pixels per QR module. */
const PNG_SCALE = 8;

export interface CodeArgs {
  permitId: string;
  purpose: string;
  audience?: string;
  lifetimeSeconds?: number;
  out: string;
  cityUrl: string;
}

export function parseCodeArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CodeArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      purpose: { type: 'string' },
      audience: { type: 'string' },
      lifetime: { type: 'string' },
      out: { type: 'string', default: 'presentation-code.png' },
      city: { type: 'string' },
    },
  });
  const permitId = positionals[0];
  if (!permitId || !isService(values.purpose)) throw new Error(USAGE);
  const parsed = parsePermitNumber(permitId);
  if (!parsed.ok) throw new Error(`${permitId}: ${parsed.code} (${parsed.reason})`);
  const city = REGION_INFO[parsed.region].subgraph as ServiceName;
  const lifetimeSeconds = values.lifetime === undefined ? undefined : Number(values.lifetime);
  return {
    permitId,
    purpose: values.purpose,
    audience: values.audience,
    lifetimeSeconds,
    out: values.out,
    cityUrl: values.city ?? `http://127.0.0.1:${env[`${city.toUpperCase()}_PORT`] ?? DEFAULT_PORTS[city]}`,
  };
}

/** Asks the city for a code; the city's own error code on refusal. */
export async function requestCode(args: CodeArgs, token: string): Promise<{ code: string; expiresAt: string }> {
  const res = await fetch(`${args.cityUrl}/app/presentation-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ permitId: args.permitId, purpose: args.purpose, audience: args.audience, lifetimeSeconds: args.lifetimeSeconds }),
  });
  const body = (await res.json()) as { code?: string; expiresAt?: string; error?: { code: string; messageEn: string } };
  if (!res.ok || !body.code || !body.expiresAt) throw new Error(`the city refused: ${body.error?.code ?? res.status} ${body.error?.messageEn ?? ''}`);
  return { code: body.code, expiresAt: body.expiresAt };
}

/** Prints the code and its QR code, writes the PNG; returns what it printed. */
export async function runCode(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const args = parseCodeArgs(argv, env);
  const { code, expiresAt } = await requestCode(args, env.APP_CLIENT_TOKEN ?? DEFAULTS.developmentOnlyAppClientToken);
  const qr = QRCode.create(code, QR_OPTIONS);
  await QRCode.toFile(args.out, code, { ...QR_OPTIONS, scale: PNG_SCALE });
  const terminal = await QRCode.toString(code, { ...QR_OPTIONS, type: 'terminal', small: true });
  return [
    code,
    terminal,
    `${Buffer.byteLength(code)} bytes, QR version ${qr.version} (${qr.modules.size}×${qr.modules.size} modules, level M); expires ${expiresAt}; PNG: ${args.out}`,
  ].join('\n');
}

if (require.main === module) {
  runCode(process.argv.slice(2)).then(
    (out) => console.log(out),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 2;
    },
  );
}
