// A small writer of .idt text: declarations with doc comments and annotations, escaped properly.
// The importer produces text only through this writer, and the text then goes through the real
// front end (packages/lang), so what it writes must be valid idt, not merely look like it.

/** Where a line of the generated text came from in the SBML file (for diagnostics). */
export interface Origin {
  /** Offset range of the SBML element. */
  readonly start: number;
  readonly end: number;
  /** e.g. `<species id="S1">` */
  readonly what: string;
}

export class IdtWriter {
  private readonly parts: string[] = [];
  private length = 0;
  /** Generated text ranges -> SBML origin. */
  readonly origins: { start: number; end: number; origin: Origin }[] = [];

  /** `///` lines (a doc comment) for each line of text. */
  doc(text: string | undefined): void {
    if (!text) return;
    for (const line of text.split(/\r?\n/)) this.raw(`/// ${line.replace(/\s+$/, '')}`.replace(/\s+$/, '') + '\n');
  }

  /** A plain `//` comment line. */
  comment(text: string): void {
    for (const line of text.split(/\r?\n/)) this.raw(`// ${line}\n`);
  }

  /** `@name("v1", "v2")` */
  annotation(name: string, values: readonly string[]): void {
    this.raw(`@${name}(${values.map(quote).join(', ')})\n`);
  }

  /** One declaration (a line, or several), remembered as coming from `origin`. */
  decl(text: string, origin?: Origin): void {
    const start = this.length;
    this.raw(text.endsWith('\n') ? text : `${text}\n`);
    if (origin) this.origins.push({ start, end: this.length, origin });
  }

  blank(): void {
    this.raw('\n');
  }

  raw(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }

  text(): string {
    return this.parts.join('');
  }

  /** The SBML origin of a generated offset, when known. */
  originAt(offset: number): Origin | undefined {
    let best: Origin | undefined;
    for (const o of this.origins) if (offset >= o.start && offset < o.end) best = o.origin;
    return best;
  }
}

/** A double-quoted idt string literal. */
export function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
}

/** An idt number literal for a finite non-negative number (callers handle the sign). */
export function numberText(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return String(v);
  return String(v);
}
