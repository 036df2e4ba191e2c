import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { probeIsolation } from './isolation.js';
import { runProgram } from './run-program.js';

const py = (source: string, extra: { timeoutMs?: number; memoryMb?: number; maxOutputBytes?: number } = {}) =>
  runProgram({ language: 'python', source, timeoutMs: 3000, ...extra });

describe.runIf(probeIsolation().python)('runProgram (Python)', () => {
  it('returns what a well-behaved program prints', async () => {
    const run = await py('import itertools, json\nprint(json.dumps([[1, -1], [2, 3]]))');
    expect(run.status).toBe('ok');
    expect(run.stdout).toBe('[[1, -1], [2, 3]]\n');
  });

  it('stops an infinite loop', async () => {
    expect(
      (
        await runProgram({
          language: 'python',
          source: 'while True:\n    pass',
          timeoutMs: 500,
          startupGraceMs: 1000,
        })
      ).status,
    ).toBe('timeout');
  });

  it('refuses reading and writing files', async () => {
    const read = await py('print(open("/etc/hostname").read())');
    expect(read.status).toBe('error');
    expect(read.message).toContain('sandbox: file access is not allowed');
    expect((await py('open("/tmp/sandbox-pwned", "w").write("x")')).message).toContain(
      'sandbox: file access is not allowed',
    );
  });

  it('refuses subprocesses and sockets', async () => {
    expect((await py('import os\nos.system("echo hi")')).message).toContain('os.system is not allowed');
    let connections = 0;
    const server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const run = await py(
        `import socket\nsocket.create_connection(("127.0.0.1", ${port}), timeout=1)\nprint("reached")`,
      );
      expect(run.status).toBe('error');
      expect(run.stdout).toBe('');
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it('reports sys.exit(1) and os._exit as failures, not results', async () => {
    expect((await py('import sys\nsys.exit(1)')).message).toContain('program exited with code 1');
    expect((await py('import os\nprint("[[1]]")\nos._exit(0)')).status).toBe('crashed');
  });

  it('bounds memory and output', async () => {
    expect((await py('x = bytearray(1 << 34)', { memoryMb: 128 })).status).toBe('memory');
    expect((await py('while True:\n    print("x" * 1000)', { maxOutputBytes: 10_000 })).status).toBe(
      'output_limit',
    );
  });
});
