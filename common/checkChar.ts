/**
 * ISO 7064 MOD 11-2 check character over a string of digits, as GB 11643 uses it for
 * the resident identity number: weights 2^(n-i) mod 11, result `0`–`9` or `X`.
 */
export function mod11_2CheckChar(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new TypeError('mod11_2CheckChar takes digits only');
  let sum = 0;
  let weight = 2; // weight of the rightmost digit; each step left doubles it mod 11
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += Number(digits[i]) * weight;
    weight = (weight * 2) % 11;
  }
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}
