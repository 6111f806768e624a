/**
 * Plain YAML scalars read the way PyYAML (YAML 1.1, `yaml.safe_load`) reads them, which is how Cursus loads
 * spec files: `yes`/`off` are booleans, `017` is octal, `0o17` and `1e3` are strings, `1:30` is 90, and
 * `2024-01-01` is a `datetime.date`. The patterns are PyYAML's implicit resolvers (resolver.py), tried in the
 * same order, and the conversions follow its constructor (constructor.py).
 */
import type { ScalarValue } from './ast.js';

export interface PyScalar {
  value: ScalarValue;
  /** Set when Python gets an object that is none of str/int/float/bool/None (the value then stays the text). */
  python?: 'datetime.date' | 'datetime.datetime';
}

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const DATE = /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/;
const TIMESTAMP = /^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?$/;

/** PyYAML's resolvers by first character, in the order resolver.py registers them. */
function tagOf(s: string): 'bool' | 'float' | 'int' | 'null' | 'timestamp' | 'str' {
  const c = s === '' ? '' : s[0];
  if ('yYnNtTfFoO'.includes(c) && c !== '' && BOOL.test(s)) return 'bool';
  if ('-+0123456789.'.includes(c) && c !== '' && FLOAT.test(s)) return 'float';
  if ('-+0123456789'.includes(c) && c !== '' && INT.test(s)) return 'int';
  if ((c === '' || '~nN'.includes(c)) && NULL.test(s)) return 'null';
  if ('0123456789'.includes(c) && c !== '' && (DATE.test(s) || TIMESTAMP.test(s))) return 'timestamp';
  return 'str';
}

/** What Python holds after `yaml.safe_load` for an untagged plain scalar written as `s`. */
export function pyyamlPlain(s: string): PyScalar {
  switch (tagOf(s)) {
    case 'bool':
      return { value: /^(?:yes|true|on)$/i.test(s) };
    case 'null':
      return { value: null };
    case 'int':
      return { value: pyInt(s) };
    case 'float':
      return { value: pyFloat(s) };
    case 'timestamp':
      return { value: s, python: DATE.test(s) ? 'datetime.date' : 'datetime.datetime' };
    default:
      return { value: s };
  }
}

function signed(s: string): { sign: number; body: string } {
  const v = s.replace(/_/g, '');
  const sign = v[0] === '-' ? -1 : 1;
  return { sign, body: v[0] === '-' || v[0] === '+' ? v.slice(1) : v };
}

function sexagesimal(body: string): number {
  let value = 0;
  let base = 1;
  for (const part of body.split(':').reverse()) {
    value += Number(part) * base;
    base *= 60;
  }
  return value;
}

function pyInt(s: string): number {
  const { sign, body } = signed(s);
  if (body === '0') return 0;
  if (body.startsWith('0b')) return sign * parseInt(body.slice(2) || 'x', 2);
  if (body.startsWith('0x')) return sign * parseInt(body.slice(2) || 'x', 16);
  if (body[0] === '0') return sign * parseInt(body, 8);
  if (body.includes(':')) return sign * sexagesimal(body);
  return sign * Number(body);
}

function pyFloat(s: string): number {
  const { sign, body } = signed(s.toLowerCase());
  if (body === '.inf') return sign * Infinity;
  if (body === '.nan') return NaN;
  if (body.includes(':')) return sign * sexagesimal(body);
  return sign * Number(body.endsWith('.') ? body.slice(0, -1) : body);
}
