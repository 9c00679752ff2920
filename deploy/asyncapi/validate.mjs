// Validates an AsyncAPI document with the official parser (@asyncapi/parser): prints every diagnostic and exits 1 when
// any is an error (severity 0). Usage: node validate.mjs crossborder.asyncapi.json
import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';

const file = process.argv[2] ?? 'crossborder.asyncapi.json';
const parser = new Parser();
const { document, diagnostics } = await parser.parse(await readFile(new URL(file, `file://${process.cwd()}/`), 'utf8'));
const severities = ['error', 'warning', 'info', 'hint'];
for (const d of diagnostics) console.log(`${severities[d.severity] ?? d.severity}: ${d.code} ${d.message} at /${(d.path ?? []).join('/')}`);
const errors = diagnostics.filter(d => d.severity === 0);
if (!document || errors.length > 0) {
  console.log(`${file}: INVALID (${errors.length} error(s))`);
  process.exit(1);
}
console.log(`${file}: valid AsyncAPI ${document.version()} — ${document.allMessages().length} messages, ${document.allChannels().length} channels, ${document.allOperations().length} operations`);
