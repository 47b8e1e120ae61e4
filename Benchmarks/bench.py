#!/usr/bin/env python3
"""`make bench`: how fast saraban renders, and how much memory it takes.

  - one document from a cold start (the example; a fresh process each time), best and median of 15;
  - a batch of the example over a generated table of 245 agencies: one worker, then every core as threads
    (the default) and as worker processes (--processes), best of 3 each.
Prints documents per second, milliseconds per document, and peak memory (the largest process, from
getrusage). Usage: bench.py SARABAN-BINARY"""
import os, resource, shutil, statistics, subprocess, sys, tempfile, time

binary = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
example = os.path.join(root, "Examples", "ita-measures-tak2-2566.yaml")
work = tempfile.mkdtemp(prefix="saraban-bench-")
env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
cores = os.cpu_count() or 1

def run(arguments):
    """Wall time in seconds and peak RSS in MB of the largest process the command ran."""
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execve(binary, [binary] + arguments, env)
    start = time.perf_counter()
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: saraban {' '.join(arguments)}")
    return elapsed, usage.ru_maxrss / 1024

table = os.path.join(work, "agencies.csv")
with open(table, "w") as out:
    subprocess.run([sys.executable, os.path.join(root, "Benchmarks", "make-table.py"), "245"], stdout=out, check=True)

print(f"saraban benchmark — {cores} cores, {binary}")
single = [run(["render", "-q", example, "-o", os.path.join(work, "one.pdf")]) for _ in range(15)]
times = [t * 1000 for t, _ in single]
print(f"one document, cold start: best {min(times):.1f} ms, median {statistics.median(times):.1f} ms, "
      f"peak memory {max(m for _, m in single):.0f} MB")

def batch(label, extra):
    results = []
    for _ in range(3):
        folder = os.path.join(work, "out")
        shutil.rmtree(folder, ignore_errors=True)
        results.append(run(["batch", example, "--table", table, "-o", folder] + extra))
    best = min(t for t, _ in results)
    print(f"{label:<34} {245 / best:6.1f} documents/s  {best * 1000 / 245:5.1f} ms/document  "
          f"peak memory {max(m for _, m in results):.0f} MB (largest process)")
    return 245 / best

batch("batch of 245, one worker", ["--jobs", "1"])
threads = batch(f"batch of 245, {cores} threads", ["--jobs", str(cores)])
processes = batch(f"batch of 245, {cores} worker processes", ["--jobs", str(cores), "--processes"])
print(f"faster: {'worker processes' if processes >= threads else 'threads'} "
      f"({max(processes, threads) / min(processes, threads):.2f}×)")

# Memory against the batch's size: it must stay flat (the same ±10% at 245 and 2,000 rows, under 100 MB).
for rows in (245, 1000, 2000):
    sized = os.path.join(work, f"agencies-{rows}.csv")
    with open(sized, "w") as out:
        subprocess.run([sys.executable, os.path.join(root, "Benchmarks", "make-table.py"), str(rows)], stdout=out, check=True)
    folder = os.path.join(work, "out")
    shutil.rmtree(folder, ignore_errors=True)
    elapsed, memory = run(["batch", example, "--table", sized, "-o", folder, "--jobs", str(cores)])
    print(f"batch of {rows:>4}, {cores} threads: peak memory {memory:.0f} MB, {rows / elapsed:.1f} documents/s")
shutil.rmtree(work, ignore_errors=True)
