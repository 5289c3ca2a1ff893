"""A Kubernetes API stand-in for bench/run's app-k8s target: in-memory create/read/update/delete of whatever the app
publishes (Services, EndpointSlices, Events) and a Pod for owner references, on 127.0.0.1 only. Enough for the app
to publish as it does in a cluster, so its memory with Kubernetes publishing on can be measured; not a test double
for behaviour (the tests use fabric8's mock server for that). stdlib only.
"""
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

KINDS = {"services": "Service", "endpointslices": "EndpointSlice", "events": "Event", "pods": "Pod"}


class Store:
    def __init__(self):
        self.lock = threading.Lock()
        self.objects = {}  # collection path -> {name: object}
        self.version = 0
        self.requests = 0

    def next_version(self):
        self.version += 1
        return str(self.version)


def split(path):
    """'/api/v1/namespaces/ns/services/x' -> ('v1', '/api/v1/namespaces/ns/services', 'services', 'x')."""
    parts = [p for p in path.split("/") if p]
    if not parts:
        return None
    if parts[0] == "api":
        api_version, rest = parts[1], parts[2:]
        prefix = parts[:2]
    elif parts[0] == "apis" and len(parts) >= 3:
        api_version, rest = parts[1] + "/" + parts[2], parts[3:]
        prefix = parts[:3]
    else:
        return None
    if len(rest) >= 3 and rest[0] == "namespaces":
        coll = prefix + rest[:3]
        resource, name = rest[2], (rest[3] if len(rest) > 3 else None)
    elif rest:
        coll = prefix + rest[:1]
        resource, name = rest[0], (rest[1] if len(rest) > 1 else None)
    else:
        return None
    return api_version, "/" + "/".join(coll), resource, name


def make_handler(store):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def reply(self, code, obj):
            body = json.dumps(obj).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def status(self, code, reason):
            self.reply(code, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": reason,
                              "code": code, "metadata": {}})

        def body(self):
            n = int(self.headers.get("Content-Length") or 0)
            return json.loads(self.rfile.read(n) or b"{}") if n else {}

        def handle_any(self, method):
            with store.lock:
                store.requests += 1
            u = urlparse(self.path)
            where = split(u.path)
            if where is None:
                return self.reply(200, {"kind": "APIVersions", "versions": ["v1"]})
            api_version, coll, resource, name = where
            kind = KINDS.get(resource, resource.capitalize())
            with store.lock:
                items = store.objects.setdefault(coll, {})
                if method == "GET" and name is None:
                    selector = parse_qs(u.query).get("labelSelector", [""])[0]
                    wanted = dict(kv.split("=", 1) for kv in selector.split(",") if "=" in kv)
                    found = [o for o in items.values()
                             if all((o["metadata"].get("labels") or {}).get(k) == v for k, v in wanted.items())]
                    return self.reply(200, {"kind": kind + "List", "apiVersion": api_version,
                                            "metadata": {"resourceVersion": str(store.version)}, "items": found})
                if method == "GET":
                    if resource == "pods" and name not in items:
                        items[name] = {"kind": "Pod", "apiVersion": "v1", "metadata": {
                            "name": name, "namespace": coll.split("/")[-2], "uid": str(uuid.uuid4()),
                            "resourceVersion": store.next_version()}}
                    return self.reply(200, items[name]) if name in items else self.status(404, "NotFound")
                if method == "DELETE":
                    items.pop(name, None)
                    return self.reply(200, {"kind": "Status", "apiVersion": "v1", "status": "Success",
                                            "metadata": {}})
                obj = self.body()
                meta = obj.setdefault("metadata", {})
                name = name or meta.get("name") or (meta.get("generateName", "x-") + uuid.uuid4().hex[:5])
                if method == "POST" and name in items:
                    return self.status(409, "AlreadyExists")
                if method == "PATCH":
                    if name not in items:
                        return self.status(404, "NotFound")
                    merged = items[name]
                    for k, v in obj.items():
                        if isinstance(v, dict) and isinstance(merged.get(k), dict):
                            merged[k].update(v)
                        else:
                            merged[k] = v
                    obj, meta = merged, merged["metadata"]
                meta["name"] = name
                meta.setdefault("uid", str(uuid.uuid4()))
                meta.setdefault("creationTimestamp", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
                meta["resourceVersion"] = store.next_version()
                obj.setdefault("kind", kind)
                obj.setdefault("apiVersion", api_version)
                items[name] = obj
                return self.reply(201 if method == "POST" else 200, obj)

        def do_GET(self):
            self.handle_any("GET")

        def do_POST(self):
            self.handle_any("POST")

        def do_PUT(self):
            self.handle_any("PUT")

        def do_PATCH(self):
            self.handle_any("PATCH")

        def do_DELETE(self):
            self.handle_any("DELETE")

    return Handler


class FakeKube:
    """Serves on a free 127.0.0.1 port in a daemon thread; url, published() and close()."""

    def __init__(self):
        self.store = Store()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.store))
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def published(self, resource):
        with self.store.lock:
            return sum(len(v) for k, v in self.store.objects.items() if k.endswith("/" + resource))

    def close(self):
        self.server.shutdown()
        self.server.server_close()
