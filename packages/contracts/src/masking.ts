/** Masks used everywhere personal data is shown without an audited unmasking. */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  if (phone.length <= 4) return '*'.repeat(phone.length);
  return `${phone.slice(0, Math.max(0, phone.length - 4)).replace(/\d/g, '*')}${phone.slice(-4)}`;
}
export function maskIdNumber(id: string): string {
  if (id.length < 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}
/** A name with its first and last characters shown (张晓梅 → 张*梅, 李娜 → 李*): parties, victims. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
/** A name with its first character shown only (张晓梅 → 张**): an anonymous caller, who gave no more than that. */
export function maskNameAfterFirst(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}
/** An address to its first six characters (district and street level), the rest starred. */
export function maskAddress(address: string): string {
  return address.length <= 6
    ? address.replace(/./g, '*')
    : `${address.slice(0, 6)}${'*'.repeat(Math.min(8, address.length - 6))}`;
}
