/**
 * The program run by the sandbox's child `node` process (passed with `-e`, so the child needs no
 * file-system read grant). It reads the model's JavaScript from stdin and runs it in a fresh `vm`
 * context created from a null-prototype object, so no host object (and so no `process`, `require`
 * or dynamic `import`) is reachable from the program. `console.log` and `print` are defined inside
 * that context and collect text up to a byte cap. The child prints one line for the host:
 * `<nonce>{"status": ..., ...}`. The `vm` context is a second wall: the child process itself runs
 * under Node's permission model, a memory rlimit and a kill timer (see `runProgram`).
 *
 * argv: [nonce, timeoutMs, maxOutputBytes].
 */
export const JS_HARNESS_SOURCE = String.raw`
'use strict';
const vm = require('node:vm');
const [nonce, timeoutText, capText] = process.argv.slice(1);
const timeout = Number(timeoutText);
const cap = Number(capText);
const report = (obj) => { process.stdout.write(nonce + JSON.stringify(obj) + '\n'); };
const chunks = [];
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const source = chunks.join('');
  const context = vm.createContext(Object.create(null), {
    codeGeneration: { strings: true, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
  const prelude = '(' + (function (cap) {
    const out = [];
    let size = 0;
    let overflow = false;
    const show = (v) => typeof v === 'string' ? v
      : typeof v === 'bigint' ? v.toString()
      : JSON.stringify(v, (k, x) => typeof x === 'bigint' ? x.toString() : x);
    const log = (...args) => {
      if (overflow) throw new RangeError('output limit of ' + cap + ' bytes exceeded');
      const line = args.map(show).join(' ') + '\n';
      size += line.length;
      if (size > cap) { overflow = true; throw new RangeError('output limit of ' + cap + ' bytes exceeded'); }
      out.push(line);
    };
    const konsole = Object.freeze({ log, info: log, warn: log, error: log, debug: log });
    Object.defineProperty(globalThis, 'console', { value: konsole, writable: false, configurable: false });
    Object.defineProperty(globalThis, 'print', { value: log, writable: false, configurable: false });
    const harvest = () => JSON.stringify({ text: out.join(''), overflow });
    Object.defineProperty(globalThis, '__sandboxHarvest', { value: harvest, writable: false, configurable: false });
  }).toString() + ')(' + cap + ')';
  vm.runInContext(prelude, context);
  let status = 'ok';
  let error;
  try {
    vm.runInContext(source, context, { timeout, filename: 'program.js' });
  } catch (e) {
    if (e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') status = 'timeout';
    else {
      status = 'error';
      try {
        const head = e && typeof e === 'object' && 'message' in e ? String(e.name) + ': ' + String(e.message) : 'threw ' + String(e);
        const where = /program\.js:(\d+)/.exec(String(e && e.stack));
        error = (head + (where ? ' (program.js line ' + where[1] + ')' : '')).slice(0, 4000);
      } catch { error = 'an unprintable error was thrown'; }
    }
  }
  let harvested = { text: '', overflow: false };
  try {
    const h = vm.runInContext('__sandboxHarvest()', context, { timeout: 1000 });
    if (typeof h === 'string') harvested = JSON.parse(h);
  } catch {}
  if (harvested.overflow) status = 'output_limit';
  report({ status, stdout: harvested.text, error });
});
`;
