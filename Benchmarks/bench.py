#!/usr/bin/env python3
"""`make bench`: how fast saraban renders, and how much memory it takes.

  - one document from a cold start (the example; a fresh process each time), best and median of 15;
  - a batch of the central office's template (Examples/batch/template.yaml: each row's analysis chosen from
    the library by its own scores) over a generated table of 245 agencies: one worker, then every core as
    threads (the default) and as worker processes (--processes), best of 3 each;
  - the same document in Typst (../shared/bench/typst-batch.py: one compiler reused per worker process), in
    the same run, cold (its runs taken in turn with saraban's, so that both meet the same minute of a machine
    whose speed varies) and as a batch, and saraban's ratio to it (skipped, with a note, without `typst`);
  - the web page's API (`saraban serve` on loopback): the example's preview of page 1 (latency, best and median of
    10), and its render to PDF from a bounded loop of clients, one per core, for 10 seconds (requests per second).
Prints documents per second, milliseconds per document, and peak memory (the largest process, from
getrusage). Usage: bench.py SARABAN-BINARY"""
import os, resource, shutil, statistics, subprocess, sys, tempfile, time

binary = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
example = os.path.join(root, "Examples", "ita-measures-tak2-2566.yaml")
template = os.path.join(root, "Examples", "batch", "template.yaml")
typst_bench = os.path.join(os.path.dirname(root), "shared", "bench")
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
library = [run(["render", "-q", template, "-o", os.path.join(work, "one.pdf")])[0] * 1000 for _ in range(15)]
print(f"one document from the library template, cold start: best {min(library):.1f} ms, median {statistics.median(library):.1f} ms")

def batch(label, extra):
    results = []
    for _ in range(3):
        folder = os.path.join(work, "out")
        shutil.rmtree(folder, ignore_errors=True)
        results.append(run(["batch", template, "--table", table, "-o", folder] + extra))
    best = min(t for t, _ in results)
    print(f"{label:<34} {245 / best:6.1f} documents/s  {best * 1000 / 245:5.1f} ms/document  "
          f"peak memory {max(m for _, m in results):.0f} MB (largest process)")
    return 245 / best

batch("batch of 245, one worker", ["--jobs", "1"])
threads = batch(f"batch of 245, {cores} threads", ["--jobs", str(cores)])
processes = batch(f"batch of 245, {cores} worker processes", ["--jobs", str(cores), "--processes"])
print(f"faster: {'worker processes' if processes >= threads else 'threads'} "
      f"({max(processes, threads) / min(processes, threads):.2f}×)")

def typst_reference():
    """Typst on the same machine in the same run: a fresh process compiling the document once (cold), and
    typst-batch.py's documents per second over 245 documents on as many processes as cores."""
    script = os.path.join(typst_bench, "typst-batch.py")
    if not os.path.exists(script):
        return print(f"typst: skipped — {script} is not here")
    if subprocess.run([sys.executable, "-c", "import typst"], capture_output=True).returncode != 0:
        return print("typst: skipped — the Python module typst is not installed (pip install typst)")
    source = os.path.join(typst_bench, "typst-measures.typ")
    compile_once = ("import typst, sys; typst.compile(sys.argv[1], output=sys.argv[2], "
                    "font_paths=['/usr/share/fonts/truetype/tlwg'], sys_inputs={'agency': 'x'})")
    # The two cold starts alternate, one of each in turn: this machine's speed changes from one minute to the next
    # (by a third, measured), and measuring one program's runs and then the other's compared two different minutes.
    cold, ours = [], []
    for _ in range(11):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", compile_once, source, os.path.join(work, "typst-one.pdf")], check=True)
        cold.append((time.perf_counter() - start) * 1000)
        ours.append(run(["render", "-q", template, "-o", os.path.join(work, "one.pdf")])[0] * 1000)
    print(f"typst, one document, cold start (a fresh Python process): best {min(cold):.1f} ms, median {statistics.median(cold):.1f} ms")
    print(f"saraban, the library template, in turn with it: best {min(ours):.1f} ms, median {statistics.median(ours):.1f} ms")
    print(f"  saraban cold start {statistics.median(cold) / statistics.median(ours):.1f}× faster (medians of runs taken in turn; "
          f"library template; target ≥ 5×)")
    out = subprocess.run([sys.executable, script, os.path.join(work, "typst"), "245", str(cores)],
                         capture_output=True, text=True, check=True).stdout
    rate = float(out.split(" documents/s")[0].split(", ")[-1])
    print(out.strip())
    library_batch = batch(f"batch of 245 (library), {cores} threads, again", ["--jobs", str(cores)])
    print(f"  saraban batch {library_batch / rate:.1f}× Typst's documents per second (target ≥ 10×)")

typst_reference()

# Memory against the batch's size: it must stay flat (the same ±10% at 245 and 2,000 rows, under 100 MB).
for rows in (245, 1000, 2000):
    sized = os.path.join(work, f"agencies-{rows}.csv")
    with open(sized, "w") as out:
        subprocess.run([sys.executable, os.path.join(root, "Benchmarks", "make-table.py"), str(rows)], stdout=out, check=True)
    folder = os.path.join(work, "out")
    shutil.rmtree(folder, ignore_errors=True)
    elapsed, memory = run(["batch", template, "--table", sized, "-o", folder, "--jobs", str(cores)])
    print(f"batch of {rows:>4}, {cores} threads: peak memory {memory:.0f} MB, {rows / elapsed:.1f} documents/s")

def web():
    """`saraban serve` on a free loopback port, measured with plain HTTP requests (urllib): latency of a preview,
    then requests per second for the render from one client thread per core."""
    import re, threading, urllib.request
    server = subprocess.Popen([binary, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = server.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", line).group(1))
        with open(example, "rb") as handle:
            body = handle.read()

        def post(path):
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, headers={"Content-Type": "application/yaml"})
            with urllib.request.urlopen(request, timeout=60) as reply:
                reply.read()
                return reply.status

        latencies = []
        for _ in range(10):
            start = time.perf_counter()
            assert post("/api/preview?page=1") == 200
            latencies.append((time.perf_counter() - start) * 1000)
        print(f"web: preview of page 1 (PNG) best {min(latencies):.0f} ms, median {statistics.median(latencies):.0f} ms")
        done, failed = [0], [0]
        lock = threading.Lock()
        stop = time.perf_counter() + 10

        def client():
            while time.perf_counter() < stop:
                ok = post("/api/render") == 200
                with lock:
                    (done if ok else failed)[0] += 1

        threads = [threading.Thread(target=client) for _ in range(cores)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        print(f"web: render to PDF, {cores} clients for {elapsed:.0f} s: {done[0] / elapsed:.1f} requests/s ({failed[0]} failed)")
    finally:
        server.terminate()
        server.wait()


web()
shutil.rmtree(work, ignore_errors=True)
