#!/usr/bin/env python3
"""A throwaway RFC 3161 time-stamp server for the signing tests: `openssl ts -reply` behind an HTTP handler
on loopback. Usage: tsa-server.py PORT-FILE TSA-CERT TSA-KEY CA-CERT CONFIG. It writes the port it listens
on into PORT-FILE and serves until killed."""
import http.server, subprocess, sys, tempfile, os

port_file, cert, key, ca, config = sys.argv[1:6]

class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with tempfile.TemporaryDirectory() as folder:
            query = os.path.join(folder, "query.tsq")
            reply = os.path.join(folder, "reply.tsr")
            open(query, "wb").write(body)
            result = subprocess.run(["openssl", "ts", "-reply", "-config", config, "-queryfile", query,
                                     "-signer", cert, "-inkey", key, "-chain", ca, "-out", reply],
                                    capture_output=True)
            if result.returncode != 0:
                self.send_response(500)
                self.end_headers()
                self.wfile.write(result.stderr)
                return
            data = open(reply, "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
open(port_file, "w").write(str(server.server_address[1]))
server.serve_forever()
