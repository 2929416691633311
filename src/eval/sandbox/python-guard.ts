/**
 * The Python wrapper that runs a candidate program. It is written next to the candidate in a scratch
 * directory and run as `python3 -I -B guard.py <memory bytes> <cpu seconds>`. Before the candidate runs it:
 * - sets resource limits (address space, CPU time, file size, no core dumps, no new processes' limits raised);
 * - installs an audit hook (PEP 578), which Python code cannot remove, that refuses every `socket.*` event
 *   (so no network, whatever module creates the socket), process creation (subprocess, os.system, exec,
 *   fork, spawn), signals to other processes, ctypes (which could bypass the hook), changing resource
 *   limits, and any write/remove/rename outside the scratch directory.
 * The candidate then runs as `__main__`; an uncaught exception exits with status 1 and a traceback.
 */
export const PYTHON_GUARD_SOURCE = String.raw`
import os
import resource
import sys

SCRATCH = os.path.realpath(os.getcwd())
MEMORY_BYTES = int(sys.argv[1])
CPU_SECONDS = int(sys.argv[2])

def _limit(which, value, hard=None):
    try:
        resource.setrlimit(which, (value, value if hard is None else hard))
    except (ValueError, OSError):
        pass

_limit(resource.RLIMIT_AS, MEMORY_BYTES)
# soft below hard: the kernel sends SIGXCPU (reported as a timeout) at the soft limit; at a hard limit equal to
# it, it sends SIGKILL, indistinguishable from any other kill when it beats the wall-clock timer
_limit(resource.RLIMIT_CPU, CPU_SECONDS, CPU_SECONDS + 1)
_limit(resource.RLIMIT_FSIZE, 16 * 1024 * 1024)
_limit(resource.RLIMIT_CORE, 0)

with open(os.path.join(SCRATCH, "candidate.py"), encoding="utf-8") as handle:
    SOURCE = handle.read()

DENIED_EVENTS = frozenset({
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "pty.spawn", "os.kill", "os.killpg", "signal.pthread_kill", "ctypes.dlopen", "ctypes.dlsym",
    "ctypes.dlsym/handle", "ctypes.cdata", "ctypes.cdata/buffer", "ctypes.call_function", "ctypes.addressof",
    "resource.setrlimit", "resource.prlimit", "os.chroot", "os.setuid", "os.setgid", "urllib.Request",
    "ftplib.connect", "http.client.connect", "smtplib.connect", "imaplib.open", "poplib.connect",
    "telnetlib.Telnet.open", "webbrowser.open",
})
PATH_EVENTS = frozenset({
    "os.remove", "os.rmdir", "os.rename", "os.mkdir", "os.chmod", "os.chown", "os.truncate", "os.link",
    "os.symlink", "os.utime", "shutil.rmtree", "shutil.move", "shutil.copyfile", "os.chdir", "os.chflags",
})
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC

def _inside(path):
    if isinstance(path, int):
        return True
    try:
        real = os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return False
    return real == SCRATCH or real.startswith(SCRATCH + os.sep)

def _deny(event):
    raise PermissionError("sandbox: " + event + " is not allowed")

def _hook(event, args):
    if event in DENIED_EVENTS or event.startswith("socket."):
        _deny(event)
    if event == "open":
        path, mode, flags = args[0], args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS)
        if writing and path is not None and not _inside(path):
            _deny("writing " + repr(path))
    elif event in PATH_EVENTS:
        for value in args[:2]:
            if isinstance(value, (str, bytes, os.PathLike)) and not _inside(value):
                _deny(event + " on " + repr(value))

CODE = compile(SOURCE, "candidate.py", "exec")
sys.addaudithook(_hook)
del _hook, _limit
exec(CODE, {"__name__": "__main__", "__builtins__": __builtins__})
`;
