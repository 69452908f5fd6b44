#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""vboard --gdb: Ctrl-C (byte 0x03) stops a running board, over the raw remote protocol.

A two-instruction loop that never idles (adds r0, #1; b back) is written into SRAM, the PC set to
it, the board continued; 0x03 must stop it with S05 and no boot report, r0 must have counted.
  gdb_interrupt.py VBOARD ELF
"""
import os
import socket
import subprocess
import sys
import time


def checksum(data):
    return "%02x" % (sum(data.encode()) & 0xFF)


class Rsp:
    def __init__(self, port):
        self.s = None
        for _ in range(50):
            try:
                self.s = socket.create_connection(("127.0.0.1", port))
                break
            except OSError:
                time.sleep(0.1)
        if self.s is None:
            raise SystemExit("FAIL: vboard --gdb is not listening on 127.0.0.1:%d" % port)
        self.buf = b""

    def send(self, data):
        self.s.sendall(("$%s#%s" % (data, checksum(data))).encode())

    def reply(self):
        """The next packet other than acks and O (console) packets; O packets are returned apart."""
        outputs = []
        while True:
            while b"#" not in self.buf or len(self.buf) < self.buf.index(b"#") + 3:
                chunk = self.s.recv(65536)
                if not chunk:
                    raise SystemExit("FAIL: connection closed")
                self.buf += chunk
            start = self.buf.index(b"$")
            end = self.buf.index(b"#", start)
            pkt = self.buf[start + 1:end].decode()
            self.buf = self.buf[end + 3:]
            self.s.sendall(b"+")
            if pkt.startswith("O") and pkt != "OK":
                outputs.append(bytes.fromhex(pkt[1:]).decode())
                continue
            return pkt, outputs


def main():
    vboard, elf = sys.argv[1], sys.argv[2]
    port = 40000 + os.getpid() % 20000
    proc = subprocess.Popen([vboard, "--gdb", str(port), elf, "power-on"], stderr=subprocess.PIPE)
    try:
        r = Rsp(port)
        # malformed or unsupported packets get an error or an empty reply; the session goes on
        for bad, want in (("m20000000", "E01"), ("mZZ,4", "E01"), ("m20000000,100000", "E01"),
                          ("M20000000,4:zz", "E01"), ("p99", "E01"), ("P99=00000000", "E01"),
                          ("qNoSuchQuery", ""), ("vMustReplyEmpty", ""), ("Z3,20000000,4", "")):
            r.send(bad)
            got = r.reply()[0]
            if got != want:
                raise SystemExit("FAIL: %r gave %r, not %r" % (bad, got, want))
        r.send("g")
        if len(r.reply()[0]) != 17 * 8:
            raise SystemExit("FAIL: the register packet after bad input")
        r.send("M20000100,4:0130fde7")  # adds r0, #1 ; b.n 0x20000100
        assert r.reply()[0] == "OK", "memory write"
        r.send("P0=00000000")
        assert r.reply()[0] == "OK", "r0 write"
        r.send("Pf=00010020")  # pc = 0x20000100
        assert r.reply()[0] == "OK", "pc write"
        r.send("c")
        time.sleep(0.3)
        r.s.sendall(b"\x03")
        stop, outputs = r.reply()
        if stop != "S05" or outputs:
            raise SystemExit("FAIL: expected a bare S05 after Ctrl-C, got %r after %r" % (stop, outputs))
        r.send("pf")
        pc = int.from_bytes(bytes.fromhex(r.reply()[0]), "little")
        r.send("p0")
        r0 = int.from_bytes(bytes.fromhex(r.reply()[0]), "little")
        if pc not in (0x20000100, 0x20000102) or r0 == 0:
            raise SystemExit("FAIL: stopped at pc 0x%08x with r0 %d" % (pc, r0))
        r.send("D")
        r.reply()
        print("gdb interrupt: 9 malformed packets refused, Ctrl-C stopped the loop at pc 0x%08x after %d iterations: OK"
              % (pc, r0))
    finally:
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
