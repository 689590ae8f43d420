"""Running a command and measuring it: wall time, CPU, and memory of its whole process tree.

Peak memory is measured two ways:
  * tree peak — /proc is polled every 0.2 s and the RSS of the command and all its
    descendants (the pagefind binary, extraction workers) is added up; this is what the
    machine must have free. Short spikes between two polls can be missed.
  * largest process — ru_maxrss from wait4(): the kernel's exact high-water mark of the
    biggest single process in the tree (the command or any descendant it waited for).
"""
from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field

PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: str) -> tuple[int, str, int, int] | None:
    """(ppid, comm, rss bytes, cpu ticks) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            raw = fh.read().decode("utf-8", "replace")
    except OSError:
        return None
    comm = raw[raw.index("(") + 1: raw.rindex(")")]
    f = raw[raw.rindex(")") + 2:].split()
    # fields after comm: state(0) ppid(1) … utime(11) stime(12) … rss(21)
    return int(f[1]), comm, int(f[21]) * PAGE, int(f[11]) + int(f[12])


class TreePoller(threading.Thread):
    def __init__(self, root_pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.root = root_pid
        self.interval = interval
        self.stop_event = threading.Event()
        self.peak_tree = 0
        self.peak_by_comm: dict[str, int] = {}
        self.cpu_by_pid: dict[int, tuple[str, int]] = {}  # last seen CPU ticks of every process

    def run(self) -> None:
        while not self.stop_event.is_set():
            procs = {}
            for p in os.listdir("/proc"):
                if p.isdigit() and (s := _stat(p)):
                    procs[int(p)] = s
            tree, frontier = set(), [self.root]
            while frontier:  # descendants of the root, by parent pid
                pid = frontier.pop()
                if pid in procs and pid not in tree:
                    tree.add(pid)
                    frontier += [c for c, s in procs.items() if s[0] == pid]
            total = 0
            for pid in tree:
                _, comm, rss, cpu = procs[pid]
                total += rss
                self.peak_by_comm[comm] = max(self.peak_by_comm.get(comm, 0), rss)
                self.cpu_by_pid[pid] = (comm, cpu)
            self.peak_tree = max(self.peak_tree, total)
            self.stop_event.wait(self.interval)

    def cpu_by_comm(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for comm, ticks in self.cpu_by_pid.values():
            out[comm] = out.get(comm, 0.0) + ticks / TICK
        return out


@dataclass
class Run:
    cmd: list[str]
    returncode: int
    wall: float
    cpu_user: float
    cpu_sys: float
    peak_tree: int  # bytes, sum over the process tree (polled)
    max_process: int  # bytes, largest single process (kernel high-water mark)
    peak_by_comm: dict[str, int] = field(default_factory=dict)
    cpu_by_comm: dict[str, float] = field(default_factory=dict)
    stdout: str = ""
    stderr: str = ""
    load_before: float = 0.0

    @property
    def cpu(self) -> float:
        return self.cpu_user + self.cpu_sys


def run(cmd: list[str], cwd, env=None, timeout: float = 7200) -> Run:
    load = os.getloadavg()[0]
    out_path = f"/tmp/imc-bench-{os.getpid()}.out"
    err_path = f"/tmp/imc-bench-{os.getpid()}.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        poller = TreePoller(proc.pid)
        poller.start()
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        poller.stop_event.set()
        poller.join()
    stdout = open(out_path, encoding="utf-8", errors="replace").read()
    stderr = open(err_path, encoding="utf-8", errors="replace").read()
    os.unlink(out_path)
    os.unlink(err_path)
    return Run(cmd, proc.returncode, wall, usage.ru_utime, usage.ru_stime, poller.peak_tree,
               usage.ru_maxrss * 1024, poller.peak_by_comm, poller.cpu_by_comm(), stdout, stderr, load)


def tree_size(path) -> tuple[int, int]:
    """(bytes, files) under a folder."""
    total = files = 0
    for dirpath, _, names in os.walk(path):
        for n in names:
            total += os.path.getsize(os.path.join(dirpath, n))
            files += 1
    return total, files
