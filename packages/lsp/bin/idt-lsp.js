#!/usr/bin/env node
// Entry point of the idt language server (stdio).
import '../dist/server.js';
