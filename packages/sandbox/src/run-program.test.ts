import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { probeIsolation } from './isolation.js';
import { runProgram } from './run-program.js';

const js = (source: string, extra: { timeoutMs?: number; memoryMb?: number; maxOutputBytes?: number } = {}) =>
  runProgram({ language: 'javascript', source, timeoutMs: 2000, ...extra });

describe('runProgram (JavaScript)', () => {
  it('returns what a well-behaved program prints, bigints included', async () => {
    const run = await js(
      'const pts = [[1n, -1n], [2, 3]]; console.log(JSON.stringify(pts.map(p => p.map(String)))); print(7n);',
    );
    expect(run.status).toBe('ok');
    expect(run.stdout).toBe('[["1","-1"],["2","3"]]\n7\n');
    expect(run.message).toBe('ok: the program finished');
  });

  it('stops an infinite loop at the wall-clock bound', async () => {
    const run = await js('for (;;) {}', { timeoutMs: 300 });
    expect(run.status).toBe('timeout');
    expect(run.message).toBe('timeout: the program ran past 300 ms and was stopped');
  });

  it('stops a never-ending promise loop too', async () => {
    const run = await runProgram({
      language: 'javascript',
      source: 'const spin = () => Promise.resolve().then(spin); spin();',
      timeoutMs: 300,
      startupGraceMs: 1000,
    });
    expect(run.status).toBe('timeout');
  });

  it('reports a thrown error with its message', async () => {
    const run = await js('throw new Error("no points today")');
    expect(run.status).toBe('error');
    expect(run.message).toContain('no points today');
  });

  it('has no process.exit, require, fs or dynamic import to reach', async () => {
    expect((await js('process.exit(0)')).message).toMatch(/process is not defined/);
    expect((await js('require("fs").readFileSync("/etc/passwd", "utf8")')).message).toMatch(
      /require is not defined/,
    );
    expect((await js('this.constructor.constructor("return process")().exit(3)')).message).toMatch(
      /process is not defined/,
    );
    const imported = await js(
      'import("node:fs").then(fs => print(fs.readFileSync("/etc/hostname", "utf8")), e => print("refused"))',
    );
    expect(imported.stdout).toBe('refused\n');
  });

  it('cannot open a socket to a server on loopback', async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const run = await js(
        `import('node:net').then((net) => net.connect(${port}, '127.0.0.1', () => print('reached')), () => print('no net'));
         if (typeof fetch === 'function') fetch('http://127.0.0.1:${port}/').then(() => print('reached'));`,
      );
      expect(run.stdout).toBe('no net\n');
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it('bounds memory: an ever-growing array ends as a memory verdict', async () => {
    const run = await js('const keep = []; for (;;) keep.push(new Array(1e6).fill(1.5));', {
      memoryMb: 64,
      timeoutMs: 8000,
    });
    expect(run.status).toBe('memory');
    expect(run.message).toMatch(/^memory: the program went past the 64 MiB memory bound/);
  });

  it.runIf(probeIsolation().prlimit)(
    'bounds memory held in array buffers (outside the V8 heap)',
    async () => {
      const run = await js(
        'const keep = []; for (;;) { const b = new Uint8Array(64 << 20); b.fill(1); keep.push(b); }',
        {
          memoryMb: 64,
          timeoutMs: 8000,
        },
      );
      expect(run.status).toBe('memory');
    },
  );

  it('caps huge output', async () => {
    const run = await js('for (;;) console.log("x".repeat(1000))', { maxOutputBytes: 10_000 });
    expect(run.status).toBe('output_limit');
    expect(run.message).toBe('output_limit: the program printed more than 10000 bytes');
  });

  it('leaves no secret of the host in the environment it could see', async () => {
    process.env.SANDBOX_TEST_SECRET = 'hunter2';
    const run = await js(
      'print(typeof process === "undefined" ? "no process" : JSON.stringify(process.env))',
    );
    delete process.env.SANDBOX_TEST_SECRET;
    expect(run.stdout).toBe('no process\n');
  });

  it('rejects bad options by name', async () => {
    await expect(runProgram({ language: 'ruby' as 'python', source: '' })).rejects.toThrow(
      /language must be/,
    );
    await expect(runProgram({ language: 'javascript', source: '', timeoutMs: -1 })).rejects.toThrow(
      /timeoutMs must be a positive number/,
    );
  });
});
