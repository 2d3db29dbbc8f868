import { describe, expect, it } from 'vitest';
import { parseRules } from './parser.js';

const err = (src: string) => {
  try {
    parseRules(src, 'x.guard');
  } catch (e) {
    return (e as Error).message;
  }
  return 'parsed';
};

describe('Guard parser', () => {
  it('parses the whole language', () => {
    const file = parseRules(`
# comment
let approved = ['a', "b"]
let ranges := r(1, 10]
let m = { key: 'v', "quoted-key": [1, 2.5, true, null] }
let pick = some Resources.*[ Type == /Bucket$/ ].Properties
let n = count(Resources.*)
rule base when Resources exists OR Parameters exists { Resources.*.Type !empty }
rule p(x, y) { %x == %y }
rule uses when base
              not other {
  let local = this
  Resources[ keys == /^App/ ] { Properties.Name is_string << a message >> }
  Resources.*[ name | %name != 'X'
                Type IN %approved ].'Fn::GetAtt'[0] NOT IN ['y']
  when %pick !empty { %pick.Size IN %ranges }
  AWS::EC2::Instance when Properties.Tags exists { Properties.Tags[*].Key exists }
  p(Resources.A, 'v') or !p(1, 2)
  Resources.Items[-1] is_int
}
rule other { Resources.*.Properties.Obj == %m }
Resources exists
`);
    expect(file.assignments.map((a) => a.name)).toEqual(['approved', 'ranges', 'm', 'pick', 'n']);
    expect(file.rules.map((r) => r.name)).toEqual(['base', 'p', 'uses', 'other']);
    expect(file.rules[1]!.params).toEqual(['x', 'y']);
    expect(file.rules[2]!.conditions).toHaveLength(2);
    expect(file.rules[2]!.block.clauses).toHaveLength(6);
    expect(file.rules[2]!.block.clauses[4]).toHaveLength(2);
    expect(file.defaultClauses).toHaveLength(1);
    expect(file.rules[0]!.loc).toEqual({ line: 8, column: 1 });
  });

  it.each([
    ['rule r {\n  A.B ==\n}', 'x.guard:3:1: expected a value'],
    ['rule r {\n  A.B\n}', "x.guard:3:1: expected an operator (==, !=, <, <=, >, >=, IN, exists, empty, is_string, …) after the query 'A.B', found '}'"],
    ['rule r {\n  A exists\n', "x.guard:3:1: expected '}' to close the block opened at line 1, found end of file"],
    ["let x = 'abc", 'x.guard:1:9: unterminated string'],
    ['rule r { A == /abc }', 'x.guard:1:15: unterminated regular expression'],
    ['rule r { A == r[1 2] }', "x.guard:1:19: expected ',' between the range bounds, found '2'"],
    ['rule r { A[ B == 1 }', "x.guard:1:20: expected a clause (a query, a named rule, when, or a resource type block), found '}'"],
    ['rule r { A[ B == 1', "x.guard:1:19: expected ']' to close the filter opened at line 1, found end of file"],
    ['rule r { A == 1 <<oops }', 'x.guard:1:17: unterminated custom message, expected >>'],
    ['rule r { A == 1 }\nrule r { B == 1 }', "x.guard:2:1: rule 'r' is defined twice"],
    ['rule r { A ~ 1 }', "x.guard:1:12: unexpected character '~'"],
  ])('reports %j as %s', (src, message) => {
    expect(err(src)).toContain(message);
  });

  it('bounds nesting depth', () => {
    const deep = 'rule r { ' + 'A { '.repeat(100) + 'B exists' + ' }'.repeat(100) + ' }';
    expect(err(deep)).toMatch(/nesting deeper than 64 levels/);
  });

  it('records line and column on every clause and query', () => {
    const f = parseRules('rule r {\n    Properties.X == 1\n}');
    const clause = f.rules[0]!.block.clauses[0]![0]!;
    expect(clause).toMatchObject({ type: 'access', loc: { line: 2, column: 5 }, query: { text: 'Properties.X', loc: { line: 2, column: 5 } } });
  });
});
