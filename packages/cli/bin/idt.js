#!/usr/bin/env node
// Entry point of the `idt` command: the compiled CLI lives in ../dist.
import { main } from '../dist/main.js';
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
