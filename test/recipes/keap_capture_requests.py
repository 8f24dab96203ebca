"""keap-throttle capture recipe for Python requests: a response hook that appends one NDJSON line
per response in the shape `keap-throttle analyze` reads (schema/capture-line.schema.json). No
credential ever reaches the file: the key is a fingerprint, credential query parameters are [redacted].

    session = requests.Session()
    session.hooks["response"].append(keap_capture_hook("/var/log/keap-calls.ndjson"))

Run as a script it is its own demo:
    python3 keap_capture_requests.py <base-url> <out.ndjson> <count> <spacing-ms> [path]
"""
import hashlib
import json
import os
import re
import sys
import threading
import time
from datetime import datetime, timezone
from urllib.parse import unquote, urlsplit, urlunsplit

BODY_LIMIT = 4096
SECRET_PARAMS = re.compile(
    r"^(access_token|api_key|apikey|key|token|client_secret|refresh_token|code|password|secret)$", re.I
)
KEPT_HEADER = re.compile(r"^(x-keap-|x-apigee-)|^(date|retry-after|x-request-id)$")
SECRET_IN_TEXT = [
    re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}", re.I),
    re.compile(r"\bKeapAK-[A-Za-z0-9._-]+"),
]


def keap_capture_hook(path):
    """A requests response hook writing one line per response to `path` (thread-safe, one write per line)."""
    lock = threading.Lock()

    def hook(response, *args, **kwargs):
        received = time.time()
        line = capture_line(response, received - response.elapsed.total_seconds(), received)
        text = json.dumps(line, separators=(",", ":"), ensure_ascii=False) + "\n"
        with lock, open(path, "a", encoding="utf-8") as out:
            out.write(text)
        return response

    return hook


def capture_line(response, sent, received):
    request = response.request
    headers = {}
    for name, value in response.headers.items():
        lower = name.lower()
        if KEPT_HEADER.search(lower):
            headers[lower] = value
    line = {
        "sent_at": iso_ms(sent),
        "received_at": iso_ms(received),
        "duration_ms": max(0, round((received - sent) * 1000)),
        "method": request.method.upper(),
        "url": redacted_url(request.url),
        "status": response.status_code,
        "key": key_fingerprint(request.headers),
        "response_headers": headers,
    }
    if not 200 <= response.status_code <= 299:
        body = redact(response.text)
        line["response_body"] = body[:BODY_LIMIT]
        if len(body) > BODY_LIMIT:
            line["response_body_truncated"] = True
    return line


def iso_ms(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def redacted_url(url):
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    pairs = []
    for pair in parts.query.split("&") if parts.query else []:
        name = pair.split("=", 1)[0]
        pairs.append(f"{name}=[redacted]" if SECRET_PARAMS.match(unquote(name)) else pair)
    return urlunsplit((parts.scheme, netloc, parts.path, "&".join(pairs), ""))


def key_fingerprint(headers):
    """key#<first 8 hex of SHA-256 of the token>: the same fingerprint keap-throttle computes."""
    for name in ("Authorization", "X-Keap-API-Key"):
        value = (headers.get(name) or "").strip()
        if value:
            secret = re.sub(r"^(Bearer|Basic)\s+", "", value, flags=re.I)
            return "key#" + hashlib.sha256(secret.encode("utf-8")).hexdigest()[:8]
    return None


def redact(text):
    for pattern in SECRET_IN_TEXT:
        text = pattern.sub("[redacted]", text)
    return text


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.stderr.write("usage: python3 keap_capture_requests.py <base-url> <out.ndjson> <count> <spacing-ms> [path]\n")
        sys.exit(2)
    import requests

    base, out, count, spacing = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    path = sys.argv[5] if len(sys.argv) > 5 else "/crm/rest/v1/contacts?limit=1"
    session = requests.Session()
    session.hooks["response"].append(keap_capture_hook(out))
    token = os.environ.get("KEAP_TOKEN", "demo-token-not-a-secret")
    statuses = []
    for _ in range(count):
        statuses.append(session.get(base + path, headers={"Authorization": "Bearer " + token}, timeout=10).status_code)
        time.sleep(spacing / 1000)
    print(json.dumps({"statuses": statuses}))
