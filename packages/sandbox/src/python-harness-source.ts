/**
 * The wrapper run by `python3 -I -S -c` for Python programs. It reads the program from stdin, sets
 * resource limits (address space, CPU seconds, no file writes), imports the modules a point-set
 * program usually needs, then installs an audit hook (PEP 578) that refuses sockets, subprocesses,
 * `ctypes`, file writes and any file read outside the Python installation. The program's printed
 * text is collected up to a byte cap; one line `<nonce>{"status": ...}` goes to the real stdout.
 * Network access is cut as well by the host when `unshare -n` works (see `runProgram`).
 *
 * argv: [nonce, timeoutMs, maxOutputBytes, memoryBytes].
 */
export const PYTHON_HARNESS_SOURCE = String.raw`
import sys, os, io, json, resource
nonce, timeout_ms, cap, memory = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
source = sys.stdin.read()
real_stdout = sys.stdout
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
cpu = max(1, -(-timeout_ms // 1000) + 1)
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
import math, itertools, functools, random, fractions, collections, heapq, decimal, statistics
roots = tuple(sorted({os.path.realpath(p) + os.sep for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}))
blocked = ('socket.', 'subprocess.', 'os.system', 'os.exec', 'os.spawn', 'os.posix_spawn', 'os.fork',
           'os.forkpty', 'ctypes.', 'os.kill', 'os.remove', 'os.rename', 'os.rmdir', 'os.mkdir', 'os.chmod',
           'os.listdir', 'os.scandir', 'os.chdir', 'os.truncate', 'os.link', 'os.symlink', 'os.putenv',
           'shutil.', 'urllib.', 'http.', 'pty.', 'mmap.', 'glob.', 'webbrowser.', 'sys.addaudithook')
write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
def guard(event, args):
    if event == 'open':
        path, mode, flags = (list(args) + [None, None, None])[:3]
        writes = any(c in mode for c in 'wax+') if isinstance(mode, str) else bool((flags or 0) & write_flags)
        inside = isinstance(path, (str, bytes)) and os.path.realpath(os.fsdecode(path)).startswith(roots)
        if writes or not inside:
            raise PermissionError('sandbox: file access is not allowed: ' + repr(path))
    elif event.startswith(blocked):
        raise PermissionError('sandbox: ' + event + ' is not allowed')
class Capped(io.TextIOBase):
    def __init__(self):
        self.parts, self.size, self.overflow = [], 0, False
    def writable(self):
        return True
    def write(self, s):
        self.size += len(s)
        if self.size > cap:
            self.overflow = True
            raise OverflowError('output limit of %d bytes exceeded' % cap)
        self.parts.append(s)
        return len(s)
captured = Capped()
sys.stdout = captured
sys.stderr = captured
sys.addaudithook(guard)
status, error = 'ok', None
try:
    exec(compile(source, 'program.py', 'exec'), {'__name__': '__main__', '__builtins__': __builtins__})
except SystemExit as e:
    if e.code not in (None, 0):
        status, error = 'error', 'program exited with code %r' % (e.code,)
except MemoryError:
    status, error = 'memory', 'MemoryError'
except BaseException as e:
    import traceback
    where = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == 'program.py']
    line = (' (program.py line %d)' % where[-1].lineno) if where else ''
    status, error = 'error', (''.join(traceback.format_exception_only(e)).strip() + line)[-4000:]
if captured.overflow:
    status = 'output_limit'
real_stdout.write(nonce + json.dumps({'status': status, 'stdout': ''.join(captured.parts), 'error': error}) + '\n')
real_stdout.flush()
`;
