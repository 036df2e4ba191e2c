import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ReasonrlError } from '@reasonrl/core';
import { probeIsolation, type SandboxIsolation } from './isolation.js';
import { JS_HARNESS_SOURCE } from './js-harness-source.js';
import { PYTHON_HARNESS_SOURCE } from './python-harness-source.js';

export type ProgramLanguage = 'javascript' | 'python';

export interface RunProgramOptions {
  language: ProgramLanguage;
  /** The program text, as the model wrote it. */
  source: string;
  /** Wall-clock budget of the program itself (process start-up gets `startupGraceMs` on top). Default 10 000. */
  timeoutMs?: number;
  /** Memory bound in MiB (V8 heap and RLIMIT_DATA for JavaScript, RLIMIT_AS for Python). Default 512. */
  memoryMb?: number;
  /** Most bytes of text the program may print. Default 4 MiB. */
  maxOutputBytes?: number;
  /** Extra wall-clock time for starting the interpreter. Default 3000. */
  startupGraceMs?: number;
}

/**
 * The verdict on one run. `ok`: the program finished and `stdout` is what it printed. `timeout`:
 * it ran past its budget and was stopped. `memory`: it hit the memory bound. `error`: it threw (or
 * exited non-zero). `output_limit`: it printed more than allowed. `crashed`: its process ended
 * without a result (killed by a signal, or it escaped the harness). `unavailable`: no interpreter.
 */
export type ProgramStatus =
  | 'ok'
  | 'timeout'
  | 'memory'
  | 'error'
  | 'output_limit'
  | 'crashed'
  | 'unavailable';

export interface ProgramRun {
  status: ProgramStatus;
  /** What the program printed (only complete for `ok`). */
  stdout: string;
  /** One line for people and models: the verdict and its reason. */
  message: string;
  durationMs: number;
  exitCode: number | null;
  signal: string | null;
  /** The walls that were in place for this run. */
  isolation: SandboxIsolation;
}

const MIB = 1024 * 1024;
const STDERR_KEEP = 16 * 1024;

interface Envelope {
  status: 'ok' | 'timeout' | 'error' | 'output_limit' | 'memory';
  stdout: string;
  error?: string | null;
}

function childCommand(
  options: Required<RunProgramOptions>,
  nonce: string,
  iso: SandboxIsolation,
): [string, string[]] {
  const prefix: string[] = [];
  if (iso.networkNamespace) prefix.push('unshare', '-n');
  if (options.language === 'javascript') {
    if (iso.prlimit) prefix.push('prlimit', `--data=${(options.memoryMb + 256) * MIB}`, '--');
    const node = [
      process.execPath,
      ...(iso.nodePermissionFlag ? [iso.nodePermissionFlag] : []),
      `--max-old-space-size=${options.memoryMb}`,
      '--no-warnings',
      '-e',
      JS_HARNESS_SOURCE,
      nonce,
      String(options.timeoutMs),
      String(options.maxOutputBytes),
    ];
    const all = [...prefix, ...node];
    return [all[0], all.slice(1)];
  }
  const py = [
    iso.python ?? 'python3',
    '-I',
    '-S',
    '-c',
    PYTHON_HARNESS_SOURCE,
    nonce,
    String(options.timeoutMs),
  ];
  py.push(String(options.maxOutputBytes), String(options.memoryMb * MIB));
  const all = [...prefix, ...py];
  return [all[0], all.slice(1)];
}

function verdictMessage(status: ProgramStatus, o: Required<RunProgramOptions>, detail: string): string {
  switch (status) {
    case 'ok':
      return 'ok: the program finished';
    case 'timeout':
      return `timeout: the program ran past ${o.timeoutMs} ms and was stopped`;
    case 'memory':
      return `memory: the program went past the ${o.memoryMb} MiB memory bound${detail ? ` (${detail})` : ''}`;
    case 'output_limit':
      return `output_limit: the program printed more than ${o.maxOutputBytes} bytes`;
    case 'error':
      return `error: ${detail || 'the program failed'}`;
    case 'crashed':
      return `crashed: ${detail}`;
    case 'unavailable':
      return `unavailable: ${detail}`;
  }
}

const MEMORY_SIGNS =
  /heap out of memory|allocation failed|MemoryError|Cannot allocate memory|Invalid array length|Reached heap limit/i;

/**
 * Run a model-written program in a separate process with no file-system, child-process or network
 * access (JavaScript: a fresh `vm` context inside a `node` child under the permission model; Python:
 * a `python3` child behind an audit hook), a wall-clock kill timer, a memory bound and an output cap.
 * Never throws on anything the program does; throws only for bad options.
 */
export async function runProgram(input: RunProgramOptions): Promise<ProgramRun> {
  const options: Required<RunProgramOptions> = {
    timeoutMs: 10_000,
    memoryMb: 512,
    maxOutputBytes: 4 * MIB,
    startupGraceMs: 3000,
    ...input,
  };
  if (options.language !== 'javascript' && options.language !== 'python') {
    throw new ReasonrlError(
      'SANDBOX_OPTIONS',
      `runProgram: language must be 'javascript' or 'python', got '${String(options.language)}'`,
    );
  }
  if (typeof options.source !== 'string')
    throw new ReasonrlError('SANDBOX_OPTIONS', 'runProgram: source must be a string');
  for (const key of ['timeoutMs', 'memoryMb', 'maxOutputBytes', 'startupGraceMs'] as const) {
    if (!Number.isFinite(options[key]) || options[key] <= 0) {
      throw new ReasonrlError(
        'SANDBOX_OPTIONS',
        `runProgram: ${key} must be a positive number, got ${options[key]}`,
      );
    }
  }
  const isolation = probeIsolation();
  const started = performance.now();
  const done = (
    status: ProgramStatus,
    stdout: string,
    detail: string,
    exitCode: number | null,
    signal: string | null,
  ): ProgramRun => ({
    status,
    stdout: status === 'ok' ? stdout : '',
    message: verdictMessage(status, options, detail),
    durationMs: Math.round(performance.now() - started),
    exitCode,
    signal,
    isolation,
  });
  if (options.language === 'python' && !isolation.python) {
    return done('unavailable', '', 'no python3 on this machine', null, null);
  }

  const nonce = `@@sandbox-${randomBytes(8).toString('hex')}@@`;
  const [command, args] = childCommand(options, nonce, isolation);
  // JSON escaping can grow printed text up to 6x; anything beyond that is not our harness talking.
  const stdoutCap = options.maxOutputBytes * 6 + 64 * 1024;

  return new Promise<ProgramRun>((resolve) => {
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let killedFor: 'timeout' | 'output_limit' | null = null;
    const kill = (why: 'timeout' | 'output_limit') => {
      if (killedFor) return;
      killedFor = why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill('timeout'), options.timeoutMs + options.startupGraceMs);
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > stdoutCap) kill('output_limit');
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < STDERR_KEEP) err += b.toString('utf8').slice(0, STDERR_KEEP - err.length);
    });
    child.stdin.on('error', () => {}); // the child may exit before reading all of its input
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve(done('unavailable', '', `cannot start ${command}: ${e.message}`, null, null));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killedFor) return resolve(done(killedFor, '', '', code, signal));
      const text = Buffer.concat(out).toString('utf8');
      const at = text.lastIndexOf(nonce);
      let envelope: Envelope | null = null;
      if (at >= 0) {
        try {
          envelope = JSON.parse(text.slice(at + nonce.length).split('\n')[0]) as Envelope;
        } catch {
          envelope = null;
        }
      }
      const stderrLine = err.trim().split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 600);
      if (!envelope) {
        if (MEMORY_SIGNS.test(err)) return resolve(done('memory', '', stderrLine, code, signal));
        const how = signal ? `killed by ${signal}` : `exit code ${code}`;
        return resolve(
          done(
            'crashed',
            '',
            `the program's process ended (${how}) without a result${stderrLine ? `; stderr: ${stderrLine}` : ''}`,
            code,
            signal,
          ),
        );
      }
      const error = envelope.error ?? '';
      if (envelope.status === 'error' && MEMORY_SIGNS.test(error)) {
        return resolve(done('memory', '', error.split('\n')[0], code, signal));
      }
      const firstLines = error.split('\n').slice(0, 3).join(' | ');
      resolve(done(envelope.status, envelope.stdout ?? '', firstLines, code, signal));
    });
    child.stdin.end(options.source);
  });
}
