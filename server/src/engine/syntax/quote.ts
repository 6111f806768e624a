/** Writing a name back into the file in the same quoting style as the text it replaces. */

const PLAIN_SAFE = /^[A-Za-z_$][\w$./-]*$/;
const YAML_RESERVED = /^(true|false|null|yes|no|on|off|~)$/i;

/** `name` written as the scalar `original` was written: double-quoted, single-quoted or plain. */
export function requote(original: string, name: string): string {
  if (original.startsWith('"')) return JSON.stringify(name);
  if (original.startsWith("'")) return `'${name.replace(/'/g, "''")}'`;
  return plainOrQuoted(name);
}

/** A YAML scalar for `value`: plain when that reads back as the same string, double-quoted otherwise. */
export function plainOrQuoted(value: string): string {
  return PLAIN_SAFE.test(value) && !YAML_RESERVED.test(value) ? value : JSON.stringify(value);
}
