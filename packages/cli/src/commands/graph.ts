// `idt graph`: not implemented yet in this build.
import { UsageError } from '../errors.js';

export async function runGraph(_model: string, _opts: unknown): Promise<number> {
  throw new UsageError("'idt graph' is not available in this build yet");
}
