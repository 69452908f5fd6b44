#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Flash of the fault handler's path in an image (arm-none-eabi-nm -S): its own code and tables,
and with the library code it calls that a firmware using records has anyway.
usage: handler_size.py IMAGE.elf"""
import subprocess
import sys

OWN = {"bkpsram_fault_handler", "bkpsram_priv_fault", "head", "write_pending", "reset",
       "bkpsram_reboot_before_reset", "want", "scb"}
SHARED = {"bkpsram_identify", "parts", "bkpsram_priv_modify", "bkpsram_priv_crc_store", "engine_word",
          "step_nibble", "nib", "family_of", "families", "bkpsram_priv_csr"}
own = shared = 0
for line in subprocess.run(["arm-none-eabi-nm", "-S", sys.argv[1]], capture_output=True, text=True,
                           check=True).stdout.splitlines():
    f = line.split()
    if len(f) != 4:
        continue
    name = f[3].split(".")[0]
    own += int(f[1], 16) if name in OWN else 0
    shared += int(f[1], 16) if name in SHARED else 0
print("fault handler flash (-Os): %d bytes of its own, %d with the library code it calls" % (own, own + shared))
