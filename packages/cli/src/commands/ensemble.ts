// `idt ensemble`: not implemented yet in this build.
import { UsageError } from '../errors.js';

export async function runEnsemble(_model: string, _opts: unknown): Promise<number> {
  throw new UsageError("'idt ensemble' is not available in this build yet");
}
