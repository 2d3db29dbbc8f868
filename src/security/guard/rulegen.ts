// `paved guard rulegen`: writes rules that pin a template's current property values, one rule per
// resource type (cfn-guard's rulegen): when several resources of a type differ, the values become an
// `IN` list. The output parses with this engine and PASSES against the template it came from.
import type { GValue } from './values.js';

/** Guard strings escape only the quote and the backslash; newlines stay as they are. */
const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function literal(v: GValue): string {
  switch (v.kind) {
    case 'string':
      return quote(v.value);
    case 'int':
    case 'float':
    case 'bool':
      return String(v.value);
    case 'null':
      return 'null';
    case 'list':
      return `[${v.value.map(literal).join(', ')}]`;
    case 'map':
      return `{${[...v.value].map(([k, x]) => `${quote(k)}: ${literal(x)}`).join(', ')}}`;
    default:
      return JSON.stringify(String(v.value));
  }
}

const ruleName = (type: string) => type.toLowerCase().replace(/::/g, '_').replace(/[^a-z0-9_]/g, '_');
const keyText = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : `'${k}'`);

export function rulegen(template: GValue): string {
  const resources = template.kind === 'map' ? template.value.get('Resources') : undefined;
  if (!resources || resources.kind !== 'map') return '';
  const byType = new Map<string, { count: number; props: Map<string, { values: string[]; seen: number }> }>();
  for (const res of resources.value.values()) {
    if (res.kind !== 'map') continue;
    const type = res.value.get('Type');
    const props = res.value.get('Properties');
    if (!type || type.kind !== 'string') continue;
    const entry = byType.get(type.value) ?? { count: 0, props: new Map() };
    byType.set(type.value, entry);
    entry.count++;
    if (props?.kind !== 'map') continue;
    for (const [k, v] of props.value) {
      const p = entry.props.get(k) ?? { values: [], seen: 0 };
      const text = literal(v);
      if (!p.values.includes(text)) p.values.push(text);
      p.seen++;
      entry.props.set(k, p);
    }
  }
  const out: string[] = [];
  for (const [type, { count, props }] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    const name = ruleName(type);
    out.push(`let ${name}_resources = Resources.*[ Type == '${type}' ]`);
    out.push(`rule ${name} when %${name}_resources !empty {`);
    out.push(`  %${name}_resources {`);
    for (const [k, { values, seen }] of props) {
      const q = `Properties.${keyText(k)}`;
      const check = values.length === 1 ? `${q} == ${values[0]}` : `${q} IN [${values.join(', ')}]`;
      // A property only some resources of the type set: the others must keep leaving it out.
      out.push(seen < count ? `    ${q} !exists or ${check}` : `    ${check}`);
    }
    out.push('  }', '}', '');
  }
  return out.join('\n');
}
