"""The two-node proof behind ops/nodes (see there). Prints one line per check; exit code 1 on any failure."""
import glob, json, os, re, shlex, signal, subprocess, sys, threading, time, urllib.request, uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

ROOT, TMP, DB = os.environ["NODES_ROOT"], os.environ["NODES_TMP"], os.environ["NODES_DB"]
PSQL = shlex.split(os.environ["NODES_PSQL"])
HOST_DLL = f"{ROOT}/src/Selbstcheck.Host/bin/Release/net10.0/Selbstcheck.Host.dll"
SINK_DLL = f"{ROOT}/tools/Selbstcheck.SmtpSink/bin/Release/net10.0/Selbstcheck.SmtpSink.dll"
T_DELIVERY = 60  # (b): from the kill to the survivor's delivery (job invisibility 30 s + claim lease 20 s + polling)
T_SHARDS = 45    # (c): from the kill to the survivor owning every shard (stale node after 10 s, heartbeats every 2 s)
MAIL, CONTROL = f"{TMP}/mail", f"{TMP}/control"
os.makedirs(MAIL); os.makedirs(CONTROL)
failures = []
started = time.time()


def log(msg):
    print(f"[{time.time() - started:6.1f}s] {msg}", flush=True)


def check(ok, msg):
    log(("ok   " if ok else "FAIL ") + msg)
    if not ok:
        failures.append(msg)
        for name in ("node-a", "node-b", "smtp"):
            lines = [l for l in open(f"{TMP}/{name}.log", errors="replace") if re.search(r"fail|warn|error|exception|abandon|accepted", l, re.I)]
            print(f"  --- {name}.log (warnings and errors, last 15) ---\n  " + "  ".join(lines[-15:]), flush=True)


def free_port():
    import socket
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def sql(query):
    return subprocess.run(PSQL + ["-c", query], capture_output=True, text=True, check=True).stdout.strip()


def spawn(name, args, env):
    out = open(f"{TMP}/{name}.log", "w")
    p = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **env})
    open(f"{TMP}/{name}.pid", "w").write(str(p.pid))
    return p


sink_port = free_port()
sink = spawn("smtp", ["dotnet", SINK_DLL, "--port", str(sink_port), "--dir", MAIL, "--control", CONTROL], {})
nodes = {}
node_env = {
    "SELBSTCHECK_DB": DB, "SELBSTCHECK_DEMO": "0", "SELBSTCHECK_SMTP": f"127.0.0.1:{sink_port}",
    "ASPNETCORE_ENVIRONMENT": "Production", "Selbstcheck__CodeGeneration": "Static",
    "Selbstcheck__Cluster__HeartbeatSeconds": "2", "Selbstcheck__Cluster__StaleNodeSeconds": "10",
    "Selbstcheck__RateLimits__Enabled": "false", "Logging__LogLevel__Default": "Information",
    "Selbstcheck__Keys__KeyFile": os.environ["NODES_KEY_FILE"], "Selbstcheck__Auth__AllowLocalKey": "true",
}
for name in ("node-a", "node-b"):
    port = free_port()
    nodes[name] = {"url": f"http://127.0.0.1:{port}",
                   "proc": spawn(name, ["dotnet", HOST_DLL, "--urls", f"http://127.0.0.1:{port}"], {**node_env, "Selbstcheck__NodeName": name})}
    time.sleep(3)  # the first node creates the signing key alone


def http(method, url, body=None, token=None, timeout=15):
    req = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, None


def wait_until(condition, timeout, step=0.5):
    until = time.time() + timeout
    while time.time() < until:
        if condition():
            return True
        time.sleep(step)
    return condition()


for name, n in nodes.items():
    ready = wait_until(lambda: http("GET", n["url"] + "/health/ready")[0] == 200 if n["proc"].poll() is None else False, 120)
    check(ready, f"{name} ready")
    if not ready:
        print(open(f"{TMP}/{name}.log").read()[-4000:]); sys.exit(1)
for n_name, n in nodes.items():
    wait_until(lambda: re.search(r"is Wolverine node ([0-9a-f-]{36})", open(f"{TMP}/{n_name}.log").read()) is not None, 30)
    n["id"] = re.search(r"is Wolverine node ([0-9a-f-]{36})", open(f"{TMP}/{n_name}.log").read()).group(1)

token = subprocess.run(["dotnet", HOST_DLL, "token", "programmteam", "--user", "nodes-proof"], capture_output=True, text=True,
                       env={**os.environ, **node_env, "Logging__LogLevel__Default": "Warning"}).stdout.strip().splitlines()[-1]
A, B = nodes["node-a"]["url"], nodes["node-b"]["url"]
K = "zwei-knoten"
assert http("POST", A + "/api/kommunen", {"id": K, "name": "Zwei Knoten", "kind": "Stadt", "bundesland": "Sachsen-Anhalt"}, token)[0] == 201
assert http("PUT", B + f"/api/kommunen/{K}/units", {"name": "Integrationsbüro", "email": "integration@zwei-knoten.invalid"}, token)[0] == 201
assert http("PUT", A + f"/api/kommunen/{K}/lead-office", {"unit": "Integrationsbüro"}, token)[0] == 200


def mails_for(milestone):
    found = []
    for f in glob.glob(f"{MAIL}/*.eml"):
        if milestone.replace("-", "") in open(f, encoding="utf-8", errors="replace").read().replace("-", ""):
            found.append(f)
    return found


# (c) part 1: the shards and their owners, sampled in the background for the whole run.
shard_samples, stop_sampling = [], threading.Event()


def sample_shards():
    while not stop_sampling.is_set():
        rows = sql("select a.id, a.node_id from selbstcheck.wolverine_node_assignments a where a.id like 'event-subscriptions://%'")
        shard_samples.append((time.time(), [r.split("|") for r in rows.splitlines() if r]))
        time.sleep(0.5)


sampler = threading.Thread(target=sample_shards, daemon=True); sampler.start()
expected_shards = ("facilitatorboardentry", "reminder-scheduling")
check(wait_until(lambda: all(any(s in a for a, _ in shard_samples[-1][1]) for s in expected_shards) if shard_samples else False, 60),
      f"every shard assigned: {sorted(a for a, _ in shard_samples[-1][1]) if shard_samples else []}")

# (c) part 2: writes against both nodes, all the time until the kill.
written, writing = {}, threading.Event(); writing.set()


def writer(url):
    while writing.is_set():
        kid = f"w-{uuid.uuid4().hex[:12]}"
        try:
            status, _ = http("POST", url + "/api/kommunen", {"id": kid, "name": kid, "kind": "Gemeinde", "bundesland": "Bayern"}, token, timeout=10)
        except Exception:
            status = 0
        written[kid] = (status, time.time())


writers = [threading.Thread(target=writer, args=(u,), daemon=True) for u in (A, B, A, B)]
for w in writers: w.start()

# (a) one due reminder, enqueued ten times at once; both nodes' workers run the jobs.
status, reply = http("POST", A + f"/api/kommunen/{K}/milestones", {
    "title": "Dialogveranstaltung", "kind": "Dialogveranstaltung", "owner": "Integrationsbüro",
    "dueAt": (datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")}, token)
m1 = reply["milestoneId"]
# Five on each node's own queue, enqueued by two processes at once, so both nodes run them together.
enqueuers = [subprocess.Popen(["dotnet", HOST_DLL, "reminder", K, m1, "p1-d0", "--times", "5", "--node", name], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, **node_env, "Logging__LogLevel__Default": "Warning"}) for name in ("node-a", "node-b")]
jobs = [j for p in enqueuers for j in p.communicate()[0].split() if j.isdigit()]
check(len(jobs) == 10, f"(a) ten jobs enqueued for {m1}/p1-d0, five for each node")
wait_until(lambda: len(mails_for(m1)) > 0, 30)
time.sleep(5)
servers = sql("select distinct split_part(data->>'ServerId', ':', 1) from hangfire.state where name = 'Processing' and jobid in (%s)" % ",".join(jobs)).split()
check(len(mails_for(m1)) == 1, f"(a) exactly one message arrived ({len(mails_for(m1))}); jobs ran on {servers}")
check(set(servers) == {"node-a", "node-b"}, "(a) the jobs ran on both nodes")

# (b) the SMTP server holds DATA; the node owning the connection is killed; the survivor delivers.
open(f"{CONTROL}/hold", "w").close()
yesterday = (datetime.now(ZoneInfo("Europe/Berlin")) - timedelta(days=1)).strftime("%Y-%m-%d")
status, reply = http("POST", B + f"/api/kommunen/{K}/milestones",
                     {"title": "Dokumentation versenden", "kind": "Dokumentation", "owner": "Integrationsbüro", "dueDate": yesterday}, token)
m2 = reply["milestoneId"]
check(wait_until(lambda: os.path.exists(f"{CONTROL}/held"), 30), "(b) the SMTP server holds the reminder's DATA")
owner = open(f"{CONTROL}/held").read().strip()
survivor = "node-b" if owner == "node-a" else "node-a"
writing.clear()
for w in writers: w.join(15)
killed_at = time.time()
nodes[owner]["proc"].send_signal(signal.SIGKILL)
nodes[owner]["proc"].wait()
log(f"(b) killed {owner} (held the SMTP connection); survivor {survivor}")
os.remove(f"{CONTROL}/hold")
delivered = wait_until(lambda: len(mails_for(m2)) > 0, T_DELIVERY + 10)
took = time.time() - killed_at
time.sleep(5)
check(delivered and took <= T_DELIVERY and len(mails_for(m2)) == 1,
      f"(b) the survivor delivered the reminder exactly once ({len(mails_for(m2))}) {took:.1f} s after the kill (T = {T_DELIVERY} s)")
check("abandoned" in open(f"{TMP}/smtp.log").read(), "(b) the held message of the killed node was not accepted")

# (c) the survivor owns every shard within T and reaches the highest sequence; writes stored once.
survivor_id = nodes[survivor]["id"]
def all_on_survivor(sample):
    return bool(sample[1]) and all(n == survivor_id for _, n in sample[1]) and all(any(s in a for a, _ in sample[1]) for s in expected_shards)


wait_until(lambda: all_on_survivor(shard_samples[-1]), T_SHARDS)
moved = next((t for t, rows in shard_samples if t >= killed_at and all_on_survivor((t, rows))), None)
check(moved is not None and moved - killed_at <= T_SHARDS,
      f"(c) the survivor owns every shard {(moved - killed_at) if moved else float('nan'):.1f} s after the kill (T = {T_SHARDS} s)")
stop_sampling.set(); sampler.join()
doubles = [s for s in shard_samples if len({a for a, _ in s[1]}) != len(s[1])]
check(not doubles, f"(c) no shard had two owners in {len(shard_samples)} samples")
high = int(sql("select coalesce(max(seq_id), 0) from selbstcheck.mt_events"))
caught_up = wait_until(lambda: all(int(x) >= high for x in sql(
    "select last_seq_id from selbstcheck.mt_event_progression where name like '%:%'").split()), 30)
check(caught_up, f"(c) every shard reached the highest event sequence {high}: " +
      sql("select string_agg(name || '=' || last_seq_id, ', ') from selbstcheck.mt_event_progression where name like '%:%'"))
ok_writes = [k for k, (s, _) in written.items() if 200 <= s < 300]
counts = dict(r.split("|") for r in sql(
    "select stream_id, count(*) from selbstcheck.mt_events where type = 'kommune_registered' and stream_id like 'w-%' group by stream_id").splitlines() if r)
missing = [k for k in ok_writes if counts.get(k) != "1"]
check(len(ok_writes) > 20 and not missing, f"(c) all {len(ok_writes)} writes answered 2xx before the kill are stored exactly once (missing/doubled: {missing[:5]})")

sink.send_signal(signal.SIGTERM)
nodes[survivor]["proc"].send_signal(signal.SIGTERM)
print(f"nodes: {len(failures)} failed" if failures else "nodes: all checks passed")
sys.exit(1 if failures else 0)
