#!/usr/bin/env python3
"""Plays a WijkSim replay page in headless Chromium and checks it (scripts/check-replay.sh runs this).

Talks to Chromium over the DevTools protocol with a small WebSocket client of its own (Python's
standard library only, so the check needs nothing from the network). For each page:

  * every request the page makes is recorded: anything besides the page itself is a failure
    ("the file fetches nothing");
  * the page plays to the end; afterwards every event of the data must have been applied
    (`replay.state().applied == events`) and no dot may be drawn outside its zone;
  * frame times logged by the page over a stretch of normal play give the frames per second;
  * the page's zone counts at every month end equal the model's own month-end series (in the data);
  * the page is under 5 MB;
  * with two designs, every household that starts in the same zone in both starts in the same place;
  * screenshots at three moments (optional).

usage: replay_check.py PAGE.html [--screenshots PREFIX] [--select-parting] [--fps-seconds S] [--speed W] [--min-fps F]
(--min-fps 0: frames per second reported, not required)
Prints one JSON object per page; exit 0 when every check holds, 1 otherwise.
"""
import base64, json, os, random, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request


class WebSocket:
    """The client side of RFC 6455, enough for the DevTools protocol: text frames, no extensions."""

    def __init__(self, url):
        assert url.startswith("ws://")
        host_port, path = url[5:].split("/", 1)
        host, port = host_port.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=120)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("WebSocket handshake: connection closed")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("WebSocket handshake refused: " + head.decode(errors="replace"))

    def send(self, text):
        payload = text.encode()
        header = bytearray([0x81])
        n = len(payload)
        if n < 126:
            header.append(0x80 | n)
        elif n < 1 << 16:
            header.append(0x80 | 126); header += struct.pack(">H", n)
        else:
            header.append(0x80 | 127); header += struct.pack(">Q", n)
        mask = os.urandom(4)
        header += mask
        self.sock.sendall(bytes(header) + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise RuntimeError("WebSocket closed")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def receive(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            if b1 & 0x80:
                mask = self._read(4)
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(self._read(n)))
            else:
                data = self._read(n)
            opcode = b0 & 0x0F
            if opcode == 0x9:  # ping: answer nothing, the browser does not require it
                continue
            message += data
            if b0 & 0x80:
                return message.decode()


class Page:
    def __init__(self, ws):
        self.ws, self.next_id, self.events = ws, 0, []

    def call(self, method, **params):
        self.next_id += 1
        my = self.next_id
        self.ws.send(json.dumps({"id": my, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == my:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page error in {expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path, height):
        clip = {"x": 0, "y": 0, "width": 1400, "height": height, "scale": 1}
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("check-replay: Chromium is needed (apt-get install -y chromium)")


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    return port


def check(page_path, screenshots=None, select_parting=False, fps_seconds=6.0, speed=26, min_fps=30.0):
    port, profile = free_port(), tempfile.mkdtemp(prefix="wijksim-replay-chromium-")
    browser = subprocess.Popen([chromium(), "--headless=new", f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
                                "--no-sandbox", "--no-first-run", "--disable-gpu", "--window-size=1400,1700",
                                "--hide-scrollbars", "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2))
                pages = [t for t in targets if t.get("type") == "page"]
                if pages:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("Chromium did not start")
        page = Page(WebSocket(pages[0]["webSocketDebuggerUrl"]))
        page.call("Network.enable")
        page.call("Page.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=1400, height=1700, deviceScaleFactor=1, mobile=False)
        url = "file://" + os.path.abspath(page_path)
        started = time.time()
        page.call("Page.navigate", url=url)
        while not page.evaluate("typeof window.replay === 'object'"):
            if time.time() - started > 60:
                raise RuntimeError("the page did not start within a minute")
            time.sleep(0.1)
        load_seconds = time.time() - started
        result = {"page": page_path, "bytes": os.path.getsize(page_path), "load_seconds": round(load_seconds, 2)}
        state = page.evaluate("replay.state()")
        result["events"] = state["events"]
        # Two designs: the same households in the same places at the start.
        result["start_places"] = page.evaluate("replay.startPlaces()")
        result["dots"] = page.evaluate("replay.stats().dots")

        # Smooth play: frame times of a stretch of normal play (the page logs them).
        page.evaluate(f"replay.play({speed})")
        time.sleep(0.5)
        first = page.evaluate("replay.frameCount()")
        time.sleep(fps_seconds)
        stats = page.evaluate(f"replay.stats({first})")
        result["fps"] = {k: (round(v, 2) if isinstance(v, float) else v) for k, v in stats.items()}
        result["fps"]["speed_weeks_per_second"] = speed
        result["drawn_dots"] = page.evaluate("replay.drawnDots()")

        # To the end at the highest speed, with screenshots on the way.
        end = state["end"]
        moments = [round(end * 0.2), round(end * 0.6), end]
        shots = []
        page.evaluate("replay.play(104)")
        for k, moment in enumerate(moments):
            while True:
                s = page.evaluate("replay.state()")
                if s["week"] >= moment or not s["playing"]:
                    break
                time.sleep(0.05)
            if k == 1 and select_parting:
                page.evaluate("replay.pause()")
                result["selected"] = page.evaluate("replay.selectParting()")
                page.evaluate("replay.play(104)")
            if screenshots:
                page.evaluate("replay.pause()")
                time.sleep(0.4)  # dots glide to their places
                path = f"{screenshots}-{k + 1}.png"
                page.screenshot(path, 1750 if k == 1 and select_parting else 1000)
                shots.append(path)
                page.evaluate("replay.play(104)")
        while page.evaluate("replay.state().playing"):
            time.sleep(0.1)
        final = page.evaluate("replay.state()")
        months = page.evaluate("replay.checkMonths()")
        result["months_checked"] = months["months"]
        result["month_mismatches"] = sum(len(m) for m in months["mismatches"])
        if result["month_mismatches"]:
            result["first_mismatches"] = [m[:3] for m in months["mismatches"]]
        result["final_week"] = final["week"]
        result["applied"] = final["applied"]
        result["misplaced"] = page.evaluate("replay.misplaced()")
        result["screenshots"] = shots
        requests = [e["params"]["request"]["url"] for e in page.events if e.get("method") == "Network.requestWillBeSent"]
        result["requests"] = sorted(set(requests))
        failures = []
        if result["applied"] != result["events"]:
            failures.append(f"events applied {result['applied']} != events in the data {result['events']}")
        if result["month_mismatches"]:
            failures.append(f"{result['month_mismatches']} zone counts at month ends differ from the model's series: {result['first_mismatches']}")
        if result["start_places"]["apart"]:
            failures.append(f"{result['start_places']['apart']} households start in the same zone in both cities but in different places")
        if result["misplaced"]:
            failures.append(f"{result['misplaced']} dots drawn outside their zone")
        if final["week"] < end:
            failures.append(f"play stopped at week {final['week']} of {end}")
        others = [r for r in result["requests"] if r != url]
        if others:
            failures.append(f"the page fetched {others}")
        if min_fps and result["fps"]["fps"] < min_fps:
            failures.append(f"{result['fps']['fps']:.1f} frames per second (at least {min_fps:g} wanted)")
        if result["bytes"] >= 5_000_000:
            failures.append(f"the page is {result['bytes']} bytes (under 5 MB wanted)")
        result["failures"] = failures
        return result
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
        shutil.rmtree(profile, ignore_errors=True)


def main(argv):
    if not argv or argv[0].startswith("-"):
        sys.exit(__doc__)
    page, options = argv[0], argv[1:]
    kwargs = {}
    while options:
        o = options.pop(0)
        if o == "--screenshots": kwargs["screenshots"] = options.pop(0)
        elif o == "--select-parting": kwargs["select_parting"] = True
        elif o == "--fps-seconds": kwargs["fps_seconds"] = float(options.pop(0))
        elif o == "--speed": kwargs["speed"] = float(options.pop(0))
        elif o == "--min-fps": kwargs["min_fps"] = float(options.pop(0))
        else: sys.exit(f"unknown option {o}\n" + __doc__)
    result = check(page, **kwargs)
    print(json.dumps(result))
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
