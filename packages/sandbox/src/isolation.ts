import { spawnSync } from 'node:child_process';

/** Which walls this machine can put around a program (probed once per process). */
export interface SandboxIsolation {
  /** `unshare -n` works: the program runs in an empty network namespace (no interface but a down loopback). */
  networkNamespace: boolean;
  /** `prlimit` exists: the JavaScript child gets an RLIMIT_DATA memory bound (array buffers included). */
  prlimit: boolean;
  /** Node's permission flag (`--permission`, or `--experimental-permission` on Node 20). */
  nodePermissionFlag: string | null;
  /** A usable `python3`, or null. */
  python: string | null;
}

let cached: SandboxIsolation | null = null;

function works(command: string, args: string[]): boolean {
  try {
    const r = spawnSync(command, args, { stdio: 'ignore', timeout: 5000 });
    return r.status === 0;
  } catch {
    return false;
  }
}

/** Probe `unshare -n`, `prlimit`, the permission flag and `python3`; cached after the first call. */
export function probeIsolation(): SandboxIsolation {
  if (cached) return cached;
  const flags = process.allowedNodeEnvironmentFlags;
  cached = {
    networkNamespace: works('unshare', ['-n', 'true']),
    prlimit: works('prlimit', ['--version']),
    nodePermissionFlag: flags.has('--permission')
      ? '--permission'
      : flags.has('--experimental-permission')
        ? '--experimental-permission'
        : null,
    python: works('python3', ['-c', 'import resource, sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)'])
      ? 'python3'
      : null,
  };
  return cached;
}
