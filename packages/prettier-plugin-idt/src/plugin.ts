// The plugin object Prettier loads: languages, the `idt` parser and the `idt` printer.
import type { Plugin, SupportLanguage } from 'prettier';
import { idtParser } from './parser.js';
import { idtPrinter } from './printer.js';

export const languages: SupportLanguage[] = [
  {
    name: 'idt',
    parsers: ['idt'],
    extensions: ['.idt'],
    vscodeLanguageIds: ['idt'],
  },
];

export const parsers = { idt: idtParser };
export const printers = { idt: idtPrinter };

/** Defaults for .idt files: modelling code has long rate laws, so lines are a little wider. */
export const defaultOptions = { printWidth: 100, tabWidth: 2 };

export const plugin: Plugin = { languages, parsers, printers, defaultOptions };
