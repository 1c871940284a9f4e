// JSON Schema (draft 2020-12) of the IR as lowering writes it (ir/types.ts). Structure only:
// index ranges, topological order and the other cross-references are checked by ir/validate.ts.
// Compiler-internal Expr kinds (`slot`, `surrogateGrad`) are not part of this schema.
import { IR_VERSION } from './types.js';

const BUILTINS = [
  'exp', 'log', 'log10', 'log2', 'sqrt', 'abs', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh',
  'cosh', 'tanh', 'floor', 'ceil', 'min', 'max', 'pow', 'hill', 'sign', 'atan2', 'asinh', 'acosh',
  'atanh', 'sec', 'csc', 'cot', 'sech', 'csch', 'coth', 'asec', 'acsc', 'acot', 'asech', 'acsch',
  'acoth', 'factorial', 'root', 'rem', 'quotient',
];
const COMPARE = ['<', '<=', '>', '>=', '==', '!='];
const BOOL = ['and', 'or', 'xor', 'implies'];

const index = { type: 'integer', minimum: 0 } as const;
const ref = (name: string): { $ref: string } => ({ $ref: `#/$defs/${name}` });
const str = { type: 'string' } as const;
const numArray = { type: 'array', items: { type: 'number' } } as const;
const node = (k: string, props: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'object',
  required: ['k', ...Object.keys(props)],
  properties: { k: { const: k }, ...props },
  additionalProperties: false,
});
const exprs = { type: 'array', items: ref('expr') };

export const IR_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://idt.invalid/schema/ir-v1.json',
  title: 'idt IR model',
  type: 'object',
  required: ['irVersion', 'name', 'files', 'states', 'params', 'assigned', 'reactions', 'logic', 'events', 'surrogates', 'observables', 'decisions'],
  properties: {
    irVersion: { const: IR_VERSION },
    name: str,
    timeUnits: str,
    files: { type: 'array', items: str },
    states: { type: 'array', items: ref('state') },
    params: { type: 'array', items: ref('param') },
    assigned: { type: 'array', items: ref('assigned') },
    reactions: { type: 'array', items: ref('reaction') },
    logic: { type: 'array', items: ref('logic') },
    events: { type: 'array', items: ref('event') },
    surrogates: { type: 'array', items: ref('surrogate') },
    observables: { type: 'array', items: ref('observable') },
    decisions: { type: 'array', items: ref('decision') },
    simulate: {
      type: 'object',
      properties: { tEnd: { type: 'number' }, points: index, rtol: { type: 'number' }, atol: { type: 'number' }, method: str },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
  $defs: {
    source: {
      type: 'object', required: ['file', 'start', 'end'],
      properties: { file: index, start: index, end: index }, additionalProperties: false,
    },
    expr: {
      type: 'object',
      required: ['k'],
      discriminator: { propertyName: 'k' },
      oneOf: [
        node('num', { v: { type: 'number' } }),
        node('time'),
        node('state', { i: index }),
        node('param', { i: index }),
        node('assigned', { i: index }),
        node('add', { args: exprs }),
        node('mul', { args: exprs }),
        node('sub', { a: ref('expr'), b: ref('expr') }),
        node('div', { a: ref('expr'), b: ref('expr') }),
        node('pow', { a: ref('expr'), b: ref('expr') }),
        node('neg', { a: ref('expr') }),
        node('call', { fn: { enum: BUILTINS }, args: exprs }),
        node('cmp', { op: { enum: COMPARE }, a: ref('expr'), b: ref('expr') }),
        node('bool', { op: { enum: BOOL }, args: exprs }),
        node('not', { a: ref('expr') }),
        node('const', { v: { type: 'boolean' } }),
        node('if', { c: ref('expr'), a: ref('expr'), b: ref('expr') }),
        node('surrogate', { s: index, out: index, args: exprs }),
      ],
    },
    state: {
      type: 'object', required: ['name', 'kind', 'initial'],
      properties: {
        name: str, kind: { enum: ['species', 'variable', 'compartment'] }, units: str, doc: str,
        initial: ref('expr'), volume: ref('expr'), rate: ref('expr'), boundary: { type: 'boolean' }, source: ref('source'),
      },
      additionalProperties: false,
    },
    param: {
      type: 'object', required: ['name', 'value'],
      properties: {
        name: str, units: str, doc: str, value: { type: 'number' }, expr: ref('expr'), discrete: { type: 'boolean' },
        bounds: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
        prior: { type: 'object', required: ['dist', 'args'], properties: { dist: str, args: numArray }, additionalProperties: false },
        source: ref('source'),
      },
      additionalProperties: false,
    },
    assigned: {
      type: 'object', required: ['name', 'expr'],
      properties: { name: str, units: str, doc: str, expr: ref('expr'), source: ref('source') },
      additionalProperties: false,
    },
    reaction: {
      type: 'object', required: ['name', 'rate', 'stoich', 'reversible'],
      properties: {
        name: str, rate: ref('expr'), reversible: { type: 'boolean' }, source: ref('source'),
        stoich: {
          type: 'array',
          items: { type: 'object', required: ['state', 'coef'], properties: { state: index, coef: { type: 'number' }, coefExpr: ref('expr') }, additionalProperties: false },
        },
      },
      additionalProperties: false,
    },
    logic: {
      type: 'object', required: ['name', 'param', 'initial'],
      properties: {
        name: str, doc: str, param: index, rule: ref('expr'), initial: { type: 'boolean' }, priority: { type: 'number' }, source: ref('source'),
      },
      additionalProperties: false,
    },
    trigger: {
      type: 'object', required: ['kind'],
      discriminator: { propertyName: 'kind' },
      oneOf: [
        { type: 'object', required: ['kind', 'time'], properties: { kind: { const: 'at' }, time: ref('expr') }, additionalProperties: false },
        {
          type: 'object', required: ['kind', 'period', 'start'],
          properties: { kind: { const: 'every' }, period: ref('expr'), start: ref('expr'), end: ref('expr'), count: ref('expr') },
          additionalProperties: false,
        },
        { type: 'object', required: ['kind', 'condition'], properties: { kind: { const: 'when' }, condition: ref('expr') }, additionalProperties: false },
      ],
    },
    event: {
      type: 'object', required: ['name', 'intervention', 'trigger', 'persistent', 'initialValue', 'useValuesFromTriggerTime', 'assignments'],
      properties: {
        name: str, intervention: { type: 'boolean' }, trigger: ref('trigger'), delay: ref('expr'), priority: ref('expr'),
        persistent: { type: 'boolean' }, initialValue: { type: 'boolean' }, useValuesFromTriggerTime: { type: 'boolean' },
        assignments: {
          type: 'array',
          items: {
            type: 'object', required: ['target', 'op', 'value'],
            properties: {
              target: { type: 'object', required: ['kind', 'i'], properties: { kind: { enum: ['state', 'param'] }, i: index }, additionalProperties: false },
              op: { enum: ['=', '+=', '-=', '*=', '/='] },
              value: ref('expr'),
              implied: { type: 'boolean' },
            },
            additionalProperties: false,
          },
        },
        source: ref('source'),
      },
      additionalProperties: false,
    },
    port: { type: 'object', required: ['name'], properties: { name: str, units: str }, additionalProperties: false },
    surrogate: {
      type: 'object', required: ['name', 'inputs', 'outputs', 'layers', 'activation'],
      properties: {
        name: str,
        inputs: { type: 'array', items: ref('port') },
        outputs: { type: 'array', items: ref('port') },
        layers: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 2 },
        activation: str,
        weights: {
          type: 'object', required: ['kernels', 'biases', 'inputShift', 'inputScale', 'outputShift', 'outputScale'],
          properties: {
            kernels: { type: 'array', items: numArray }, biases: { type: 'array', items: numArray },
            inputShift: numArray, inputScale: numArray, outputShift: numArray, outputScale: numArray,
            inputMin: numArray, inputMax: numArray, clampInputs: { type: 'boolean' },
          },
          additionalProperties: false,
        },
        weightsFile: str,
        source: ref('source'),
      },
      additionalProperties: false,
    },
    observable: {
      type: 'object', required: ['name', 'expr'],
      properties: {
        name: str, units: str, doc: str, expr: ref('expr'), source: ref('source'),
        noise: { type: 'object', required: ['dist', 'args'], properties: { dist: str, args: exprs }, additionalProperties: false },
      },
      additionalProperties: false,
    },
    trajectory: {
      type: 'object', required: ['k'],
      properties: { k: { enum: ['num', 'stat', 'arith', 'cmp', 'bool', 'not'] } },
    },
    decision: {
      type: 'object', required: ['name', 'branches', 'otherwise'],
      properties: {
        name: str, doc: str, otherwise: str, source: ref('source'),
        branches: {
          type: 'array',
          items: { type: 'object', required: ['label', 'when'], properties: { label: str, when: ref('trajectory') }, additionalProperties: false },
        },
      },
      additionalProperties: false,
    },
  },
} as const;
