// The formatter as a function: Prettier with this plugin, for callers that are not Prettier's CLI.
import * as prettier from 'prettier';
import { defaultOptions, plugin } from './plugin.js';

export interface FormatOptions {
  /** Line width (default 100). */
  readonly printWidth?: number;
  /** Path of the file, for Prettier's configuration lookup (`.prettierrc`) when `useConfig` is set. */
  readonly filepath?: string;
  /** Read the nearest Prettier configuration for `filepath` (default false). */
  readonly useConfig?: boolean;
}

/** Formats .idt text. Throws an `IdtSyntaxError` when the text does not parse. */
export async function formatIdt(text: string, options: FormatOptions = {}): Promise<string> {
  const config = options.useConfig && options.filepath ? ((await prettier.resolveConfig(options.filepath)) ?? {}) : {};
  return prettier.format(text, {
    ...defaultOptions,
    ...config,
    ...(options.printWidth ? { printWidth: options.printWidth } : {}),
    ...(options.filepath ? { filepath: options.filepath } : {}),
    parser: 'idt',
    plugins: [plugin],
  });
}

/** True when the text is already formatted. */
export async function checkFormatted(text: string, options: FormatOptions = {}): Promise<boolean> {
  return (await formatIdt(text, options)) === text;
}
