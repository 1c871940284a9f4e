// prettier-plugin-idt: Prettier 3 support for .idt files (languages, parser, printer), and
// `formatIdt`, the formatter as a function for the idt CLI and the language server.
import { plugin } from './plugin.js';

export { languages, parsers, printers, defaultOptions } from './plugin.js';
export default plugin;

export { parseIdt, IdtSyntaxError } from './parser.js';
export { modelDifference, modelShape } from './same-model.js';
export { formatIdt, checkFormatted, type FormatOptions } from './format.js';
