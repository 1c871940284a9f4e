// Errors the CLI reports as one clear line: usage mistakes (exit 2) and model problems (exit 1).
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
export class ModelError extends Error {
  override readonly name = 'ModelError';
}
