/**
 * Masking of personal identifiers before they leave the issuing region
 * (DOMAIN.md, "The common permit record").
 */

/** `张三` → `张*`, `张小三` → `张*三`, `欧阳小明` → `欧**明`. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** `310101199001011234` → `310***********1234`: first three and last four kept. */
export function maskResidentId(id: string): string {
  if (id.length <= 7) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/**
 * Keeps the district part of an address and masks the rest:
 * `浦东新区张江路88弄3号` with district `浦东新区` → `浦东新区******`.
 */
export function maskAddress(address: string, district: string): string {
  const rest = address.startsWith(district) ? [...address.slice(district.length)] : [...address];
  const kept = address.startsWith(district) ? district : '';
  return kept + '*'.repeat(Math.min(rest.length, 6));
}
