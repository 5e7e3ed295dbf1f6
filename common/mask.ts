/**
 * Masking of personal identifiers before they leave the issuing region
 * (docs/domain.md, "The common permit record"). Each mask keeps only what no other
 * released field can combine back into an identity: the surname, the last four
 * characters of the ID number, the district of the address. Masks have a fixed length,
 * so they do not tell the length of what they hide either.
 */

/** `张三`, `张小三` → `张**`: the surname (first character) only. */
export function maskName(name: string): string {
  const [first] = [...name];
  return first === undefined ? '**' : `${first}**`;
}

/**
 * `310101199001011234` → `**************1234`: the last four characters (three serial
 * digits and the check character) only. Area code and birth date stay hidden, and no
 * released field narrows them back (docs/domain.md, "Masking").
 */
export function maskResidentId(id: string): string {
  return id.length === 18 ? `${'*'.repeat(14)}${id.slice(-4)}` : '*'.repeat(18);
}

/**
 * Keeps the district part of an address and masks the rest:
 * `浦东新区张江路88弄3号` with district `浦东新区` → `浦东新区******`.
 */
export function maskAddress(address: string, district: string): string {
  return `${address.startsWith(district) ? district : ''}******`;
}
