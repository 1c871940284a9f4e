// Terminal output: colours only on a TTY (and never with NO_COLOR), messages to stderr.
import pc from 'picocolors';

const stderrTTY = Boolean(process.stderr.isTTY) && !process.env['NO_COLOR'];
const stdoutTTY = Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];

export const terminal = {
  colorErr: stderrTTY,
  colorOut: stdoutTTY,
  error(msg: string): void {
    process.stderr.write(`${stderrTTY ? pc.red(pc.bold('error')) : 'error'}: ${msg}\n`);
  },
  warn(msg: string): void {
    process.stderr.write(`${stderrTTY ? pc.yellow('warning') : 'warning'}: ${msg}\n`);
  },
  info(msg: string): void {
    process.stderr.write(`${msg}\n`);
  },
  out(msg: string): void {
    process.stdout.write(`${msg}\n`);
  },
  bold(s: string): string {
    return stdoutTTY ? pc.bold(s) : s;
  },
  dim(s: string): string {
    return stderrTTY ? pc.dim(s) : s;
  },
};
