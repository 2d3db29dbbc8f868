// The syntax tree of a Guard 3.x rules file. Every node records where it starts in the rules file.
// Glossary (Guard's own words):
//   clause        one check: `Properties.Encrypted == true`
//   conjunctions  clauses on separate lines are ANDed; a clause list joined by `or` is one disjunction (CNF)
//   query         a path into the data: `Resources.*[ Type == 'AWS::S3::Bucket' ].Properties`
//   block         `query { clauses }`: the clauses run once per value the query selects
//   type block    `AWS::S3::Bucket { … }`: a block over every resource of that type
//   named rule    `rule NAME [when …] { … }`: reports PASS, FAIL or SKIP
export interface Loc {
  line: number;
  column: number;
}

export type CmpOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'in' | 'not_in';
export type UnaryOp = 'exists' | 'empty' | 'is_string' | 'is_list' | 'is_struct' | 'is_bool' | 'is_int' | 'is_float' | 'is_null';

export type Literal =
  | { type: 'string'; value: string; loc: Loc }
  | { type: 'int'; value: number; loc: Loc }
  | { type: 'float'; value: number; loc: Loc }
  | { type: 'bool'; value: boolean; loc: Loc }
  | { type: 'null'; loc: Loc }
  | { type: 'regex'; value: string; loc: Loc }
  | { type: 'char'; value: string; loc: Loc }
  | {
      type: 'range';
      kind: 'int' | 'float' | 'char';
      lower: number | string;
      upper: number | string;
      lowerInclusive: boolean;
      upperInclusive: boolean;
      loc: Loc;
    }
  | { type: 'list'; items: Literal[]; loc: Loc }
  | { type: 'map'; entries: Array<[string, Literal]>; loc: Loc };

export type QueryPart =
  | { type: 'key'; name: string; loc: Loc }
  | { type: 'variable'; name: string; loc: Loc }
  /** `Resources.%names`: the strings in a variable used as keys. */
  | { type: 'interpolate'; name: string; loc: Loc }
  | { type: 'this'; loc: Loc }
  /**
   * `.*` (every value of a struct or list), `[*]` (every element of a list; a struct or single value
   * passes through as itself) or `[ name ]` (every value, capturing the key in `name`).
   */
  | { type: 'all'; bracket?: boolean; capture?: string; loc: Loc }
  | { type: 'index'; index: number; loc: Loc }
  | { type: 'filter'; capture?: string; clauses: Conjunctions; loc: Loc }
  /** `[ keys == /re/ ]`: selects map values by their key. */
  | { type: 'keys'; op: CmpOp; negated: boolean; rhs: Rhs; loc: Loc };

export interface Query {
  parts: QueryPart[];
  /** False for `some …`: any value may pass, and unresolved values are dropped. */
  matchAll: boolean;
  loc: Loc;
  /** Source text, for messages. */
  text: string;
}

export interface FunctionCall {
  type: 'call';
  name: string;
  args: Rhs[];
  loc: Loc;
}

export type Rhs = { type: 'literal'; value: Literal } | { type: 'query'; query: Query } | FunctionCall;

export interface AccessClause {
  type: 'access';
  query: Query;
  /** `not`/`NOT`/`!` in front of the clause. */
  negated: boolean;
  op: { kind: 'binary'; op: CmpOp; rhs: Rhs } | { kind: 'unary'; op: UnaryOp; negated: boolean };
  message?: string;
  loc: Loc;
  text: string;
}

export interface NamedRuleClause {
  type: 'rule_ref';
  name: string;
  negated: boolean;
  message?: string;
  loc: Loc;
}

export interface CallClause {
  type: 'rule_call';
  name: string;
  args: Rhs[];
  negated: boolean;
  message?: string;
  loc: Loc;
}

export interface Block {
  assignments: Assignment[];
  clauses: Conjunctions;
}

export interface BlockClause {
  type: 'block';
  query: Query;
  block: Block;
  /** cfn-guard's `not_empty`: a block whose query selects nothing FAILs instead of SKIPs. */
  notEmpty: boolean;
  message?: string;
  loc: Loc;
}

export interface WhenBlock {
  type: 'when';
  conditions: Conjunctions;
  block: Block;
  loc: Loc;
}

export interface TypeBlock {
  type: 'type_block';
  typeName: string;
  conditions?: Conjunctions;
  block: Block;
  loc: Loc;
}

export type Clause = AccessClause | NamedRuleClause | CallClause | BlockClause | WhenBlock | TypeBlock;

/** Outer list ANDed, inner lists ORed. */
export type Conjunctions = Clause[][];

export interface Assignment {
  name: string;
  value: Rhs;
  loc: Loc;
}

export interface Rule {
  name: string;
  params?: string[];
  conditions?: Conjunctions;
  block: Block;
  loc: Loc;
}

export interface RulesFile {
  file: string;
  assignments: Assignment[];
  rules: Rule[];
  /** Bare clauses of the file, evaluated as the rule `default`. */
  defaultClauses: Conjunctions;
}
