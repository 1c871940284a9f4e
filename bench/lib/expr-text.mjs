// Prints IR expressions as C or Python source for the peer drivers (bench only).
//
// The peers solve exactly the problem the idt compiler lowered: their right-hand sides and
// Jacobians are printed from the same IR (after the compiler's own simplification and symbolic
// differentiation), so equations, parameter values and Jacobian patterns cannot drift apart.
// Only numbers and indices are printed (as in the compiler's writer), never model text.

/** Operator precedences of the printed expressions. */
const ATOM = 100;
const UNARY = 90;
const MUL = 80;
const ADD = 70;

function numText(v, lang) {
  if (Number.isNaN(v)) return lang === 'c' ? 'NAN' : 'math.nan';
  if (v === Infinity) return lang === 'c' ? 'INFINITY' : 'math.inf';
  if (v === -Infinity) return lang === 'c' ? '(-INFINITY)' : '(-math.inf)';
  let s = String(v);
  if (lang === 'c' && !/[.eE]/.test(s)) s += '.0';
  return s;
}

const C_CALLS = {
  exp: 'exp', log: 'log', log10: 'log10', log2: 'log2', sqrt: 'sqrt', abs: 'fabs', sin: 'sin', cos: 'cos', tan: 'tan',
  asin: 'asin', acos: 'acos', atan: 'atan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', floor: 'floor', ceil: 'ceil',
  pow: 'pow', hill: 'h_hill', sign: 'h_sign', atan2: 'atan2', asinh: 'asinh', acosh: 'acosh', atanh: 'atanh',
  factorial: 'h_factorial', root: 'h_root', rem: 'fmod', quotient: 'h_quotient',
};
const PY_CALLS = {
  exp: 'math.exp', log: 'math.log', log10: 'math.log10', log2: 'math.log2', sqrt: 'math.sqrt', abs: 'abs', sin: 'math.sin',
  cos: 'math.cos', tan: 'math.tan', asin: 'math.asin', acos: 'math.acos', atan: 'math.atan', sinh: 'math.sinh',
  cosh: 'math.cosh', tanh: 'math.tanh', floor: 'math.floor', ceil: 'math.ceil', pow: 'h_pow', hill: 'h_hill',
  sign: 'h_sign', atan2: 'math.atan2', asinh: 'math.asinh', acosh: 'math.acosh', atanh: 'math.atanh',
  factorial: 'h_factorial', root: 'h_root', rem: 'math.fmod', quotient: 'h_quotient',
};
const RECIPROCAL = { sec: 'cos', csc: 'sin', cot: 'tan', sech: 'cosh', csch: 'sinh', coth: 'tanh' };
const INVERSE_RECIPROCAL = { asec: 'acos', acsc: 'asin', acot: 'atan', asech: 'acosh', acsch: 'asinh', acoth: 'atanh' };

export const C_HELPERS = `static double h_hill(double x, double k, double n) { double xn = pow(x, n); return xn / (pow(k, n) + xn); }
static double h_sign(double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : x; }
static double h_root(double n, double x) { return pow(x, 1.0 / n); }
static double h_quotient(double a, double b) { return trunc(a / b); }
static double h_factorial(double x) { if (!(x >= 0) || x != floor(x)) return NAN; if (x > 170) return INFINITY; double r = 1; for (int i = 2; i <= x; i++) r *= i; return r; }
`;

export const PY_HELPERS = `def h_pow(a, b):
    try:
        return a ** b if not (a < 0 and b != int(b)) else math.nan
    except OverflowError:
        return math.inf
    except ZeroDivisionError:
        return math.inf
def h_hill(x, k, n):
    xn = h_pow(x, n)
    return xn / (h_pow(k, n) + xn)
def h_sign(x):
    return 1.0 if x > 0 else -1.0 if x < 0 else x
def h_root(n, x):
    return h_pow(x, 1.0 / n)
def h_quotient(a, b):
    return float(math.trunc(a / b))
def h_factorial(x):
    return float(math.factorial(int(x))) if x >= 0 and x == int(x) and x <= 170 else (math.inf if x > 170 else math.nan)
`;

/**
 * An expression printer. `names` maps the index-based leaves to source text:
 * state(i), param(i), assigned(i), slot(i), and `time`.
 */
export class ExprPrinter {
  constructor(lang, names) {
    this.lang = lang;
    this.names = names;
  }

  num(e) {
    return this.n(e, 0).text;
  }

  wrap(w, min) {
    return w.prec >= min ? w : { text: `(${w.text})`, prec: ATOM };
  }

  n(e, min) {
    return this.wrap(this.numeric(e), min);
  }

  numeric(e) {
    const c = this.lang === 'c';
    switch (e.k) {
      case 'num': {
        const text = numText(e.v, this.lang);
        return { text, prec: text.startsWith('-') ? UNARY : ATOM };
      }
      case 'time': return { text: this.names.time, prec: ATOM };
      case 'state': return { text: this.names.state(e.i), prec: ATOM };
      case 'param': return { text: this.names.param(e.i), prec: ATOM };
      case 'assigned': return { text: this.names.assigned(e.i), prec: ATOM };
      case 'slot': return { text: this.names.slot(e.i), prec: ATOM };
      case 'add': return this.nary(e.args, ' + ', ADD);
      case 'mul': return this.nary(e.args, ' * ', MUL);
      case 'sub': return { text: `${this.n(e.a, ADD).text} - ${this.n(e.b, ADD + 1).text}`, prec: ADD };
      case 'div': return { text: `${this.n(e.a, MUL).text} / ${this.n(e.b, MUL + 1).text}`, prec: MUL };
      case 'neg': return { text: `-${this.n(e.a, ATOM).text}`, prec: UNARY };
      case 'pow': return { text: `${c ? 'pow' : 'h_pow'}(${this.num(e.a)}, ${this.num(e.b)})`, prec: ATOM };
      case 'call': return this.call(e.fn, e.args);
      case 'if': return { text: c ? `(${this.cond(e.c)} ? ${this.num(e.a)} : ${this.num(e.b)})` : `(${this.num(e.a)} if ${this.cond(e.c)} else ${this.num(e.b)})`, prec: ATOM };
      case 'cmp': case 'bool': case 'not': case 'const':
        return { text: c ? `(${this.cond(e)} ? 1.0 : 0.0)` : `(1.0 if ${this.cond(e)} else 0.0)`, prec: ATOM };
      default:
        throw new Error(`peer printer: unsupported expression kind '${e.k}'`);
    }
  }

  call(fn, args) {
    const c = this.lang === 'c';
    const a = args.map((x) => this.num(x));
    if (fn === 'min' || fn === 'max') {
      if (!c) return { text: `${fn}(${a.join(', ')})`, prec: ATOM };
      let acc = a[0];
      for (let k = 1; k < a.length; k++) acc = `f${fn}(${acc}, ${a[k]})`;
      return { text: acc, prec: ATOM };
    }
    if (RECIPROCAL[fn]) return { text: `(1.0 / ${c ? '' : 'math.'}${RECIPROCAL[fn]}(${a[0]}))`, prec: ATOM };
    if (INVERSE_RECIPROCAL[fn]) return { text: `${c ? '' : 'math.'}${INVERSE_RECIPROCAL[fn]}(1.0 / (${a[0]}))`, prec: ATOM };
    const name = (c ? C_CALLS : PY_CALLS)[fn];
    if (!name) throw new Error(`peer printer: unsupported function '${fn}'`);
    return { text: `${name}(${a.join(', ')})`, prec: ATOM };
  }

  /** A condition in the target language. */
  cond(e) {
    const c = this.lang === 'c';
    switch (e.k) {
      case 'const': return c ? (e.v ? '1' : '0') : (e.v ? 'True' : 'False');
      case 'cmp': {
        const op = e.op;
        return `(${this.num(e.a)} ${op} ${this.num(e.b)})`;
      }
      case 'not': return c ? `(!${this.cond(e.a)})` : `(not ${this.cond(e.a)})`;
      case 'bool': {
        const parts = e.args.map((x) => this.cond(x));
        switch (e.op) {
          case 'and': return `(${parts.join(c ? ' && ' : ' and ')})`;
          case 'or': return `(${parts.join(c ? ' || ' : ' or ')})`;
          case 'xor': return `(${parts.map((p) => (c ? `(!!${p})` : `bool(${p})`)).join(' != ')})`;
          case 'implies': return c ? `(!${parts[0]} || ${parts[1]})` : `((not ${parts[0]}) or ${parts[1]})`;
          default: throw new Error(`peer printer: unknown Boolean operator '${e.op}'`);
        }
      }
      case 'if': return c ? `(${this.cond(e.c)} ? ${this.cond(e.a)} : ${this.cond(e.b)})` : `(${this.cond(e.a)} if ${this.cond(e.c)} else ${this.cond(e.b)})`;
      default: return `(${this.num(e)} != 0)`;
    }
  }

  nary(args, op, prec) {
    if (args.length === 1) return this.numeric(args[0]);
    return { text: args.map((x, k) => this.n(x, k === 0 ? prec : prec + 1).text).join(op), prec };
  }
}
