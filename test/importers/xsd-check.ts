import { XMLParser } from 'fast-xml-parser';

/**
 * A small checker for the subset of XML Schema the CMF schemas use (test/fixtures/formats/cmf/*.xsd):
 * global and inline element declarations, named and inline complex types with one `sequence`,
 * minOccurs / maxOccurs, attributes, and simple types restricting xsd:string / decimal / dateTime /
 * boolean by enumeration, minLength, maxLength and length. It returns every violation it finds,
 * so a test can show that an exported document follows the schema's element order and vocabularies.
 * (No XSD validator is installed on the test machines; this one reads the real schema files.)
 */

type Node = Record<string, unknown>;

interface ElementDecl {
  name: string;
  type?: string;
  minOccurs?: string;
  maxOccurs?: string;
  complexType?: Node[];
}

const schemaParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  isArray: (name) => ['element', 'complexType', 'simpleType', 'enumeration', 'attribute', 'sequence'].includes(name),
});

const documentParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, parseTagValue: false, trimValues: true });

export function checkAgainstXsd(xml: string, xsd: string): string[] {
  const schema = (schemaParser.parse(xsd) as Node).schema as Node;
  const complexTypes = new Map(((schema.complexType as Node[]) ?? []).map((t) => [t.name as string, t]));
  const simpleTypes = new Map(((schema.simpleType as Node[]) ?? []).map((t) => [t.name as string, t]));
  const errors: string[] = [];
  const local = (type: string | undefined): string | undefined => type?.replace(/^[\w-]+:/, '');

  const checkSimple = (value: string, type: string | undefined, at: string): void => {
    const name = local(type) ?? 'string';
    const simple = simpleTypes.get(name);
    if (!simple) {
      checkBuiltin(value, name, at);
      return;
    }
    const restriction = simple.restriction as Node;
    checkBuiltin(value, local(restriction.base as string)!, at);
    const enumeration = (restriction.enumeration as Node[] | undefined)?.map((e) => e.value as string);
    if (enumeration && !enumeration.includes(value)) errors.push(`${at}: "${value}" is not in ${name}`);
    const bound = (facet: string): number | undefined => {
      const f = restriction[facet] as Node | undefined;
      return f === undefined ? undefined : Number(f.value);
    };
    const [min, max, exact] = [bound('minLength'), bound('maxLength'), bound('length')];
    if (min !== undefined && value.length < min) errors.push(`${at}: "${value}" is shorter than ${min} (${name})`);
    if (max !== undefined && value.length > max) errors.push(`${at}: "${value}" is longer than ${max} (${name})`);
    if (exact !== undefined && value.length !== exact) errors.push(`${at}: "${value}" does not have length ${exact} (${name})`);
  };

  const checkBuiltin = (value: string, base: string, at: string): void => {
    const patterns: Record<string, RegExp> = {
      decimal: /^[+-]?(\d+(\.\d*)?|\.\d+)$/,
      dateTime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
      boolean: /^(true|false|1|0)$/,
    };
    const pattern = patterns[base];
    if (pattern && !pattern.test(value)) errors.push(`${at}: "${value}" is not an xsd:${base}`);
  };

  const checkElement = (node: Node, decl: ElementDecl, at: string): void => {
    const children = (node[decl.name] as Node[]) ?? [];
    const attributes = (node[':@'] as Record<string, string> | undefined) ?? {};
    const complex = decl.complexType?.[0] ?? complexTypes.get(local(decl.type) ?? '');
    if (!complex) {
      const text = children.map((c) => c['#text']).filter((t) => t !== undefined).join('');
      checkSimple(String(text), decl.type, at);
      return;
    }
    const declared = new Map(((complex.attribute as Node[]) ?? []).map((a) => [a.name as string, a.type as string]));
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'xmlns' || name.startsWith('xmlns:') || name.includes(':')) continue;
      if (!declared.has(name)) errors.push(`${at}: attribute ${name} is not declared`);
      else checkSimple(value, declared.get(name), `${at}/@${name}`);
    }
    const elements = children.filter((c) => c['#text'] === undefined);
    const sequence = ((complex.sequence as Node[])?.[0]?.element as ElementDecl[]) ?? [];
    let i = 0;
    for (const child of sequence) {
      let count = 0;
      while (i < elements.length && Object.keys(elements[i]!).includes(child.name)) {
        checkElement(elements[i]!, child, `${at}/${child.name}[${count + 1}]`);
        i += 1;
        count += 1;
      }
      const min = Number(child.minOccurs ?? '1');
      const max = child.maxOccurs === 'unbounded' ? Infinity : Number(child.maxOccurs ?? '1');
      if (count < min) errors.push(`${at}: ${child.name} occurs ${count} times, at least ${min} required (or out of order)`);
      if (count > max) errors.push(`${at}: ${child.name} occurs ${count} times, at most ${max} allowed`);
    }
    if (i < elements.length) {
      errors.push(`${at}: unexpected ${Object.keys(elements[i]!).filter((k) => k !== ':@')[0]} (not allowed at this position)`);
    }
  };

  const document = documentParser.parse(xml) as Node[];
  const rootDecl = (schema.element as ElementDecl[])[0]!;
  const root = document.find((n) => rootDecl.name in n);
  if (!root) return [`the root element is not ${rootDecl.name}`];
  checkElement(root, rootDecl, rootDecl.name);
  return errors;
}
