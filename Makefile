# SPDX-License-Identifier: MIT
# bkpsram: the two commands of the README.
#   make test   installs what is missing (scripts/deps.sh), builds and runs every test
#   make demo   the LED retention demo on the virtual board
# plus: make size (flash figures), make clean.

CMAKE ?= cmake
PRESETS_HOST := host-gcc host-clang
PRESETS_M4 := m4-os m4-o2

.PHONY: all test deps cross host size handler-size bench stress fuzz demo mutants docs lint clean

all: test

deps:
	@sh scripts/deps.sh

# Firmware first (the vboard tests run it), then host tests with gcc and clang (ASan+UBSan),
# the -O2 cross build, and the figures. Programs that use vboard run with ASan's leak check off
# (Unicorn's allocations are not ours to fix).
test: deps
	@$(CMAKE) --preset m4-os >/dev/null && $(CMAKE) --build --preset m4-os -j2
	@for p in $(PRESETS_HOST); do \
	  $(CMAKE) --preset $$p >/dev/null && $(CMAKE) --build --preset $$p -j2 || exit 1; \
	  ctest --preset $$p > build/$$p/ctest.out 2>&1; rc=$$?; cat build/$$p/ctest.out; [ $$rc -eq 0 ] || exit 1; \
	done
	@echo "== Campaign and fuzzing figures (from the tests just run) =="
	@for p in $(PRESETS_HOST); do \
	  grep -hE "^cores: |^cppcheck |^clang-tidy |^MISRA |^version |^SPDX|^library.json|console: .*: OK|no-fragment: OK|host memory port: OK|cut points|random images|bit flips|access points|vboard memory|all bad usages|fuzz_dump:|fuzz_elf:|fuzz_crash:|crash capture:|crash e2e:|every kind recorded|DONE +cov|^Done [0-9]+ runs|stat::number_of_executed_units|CSV matches|all bad inputs|checks against the library|^semihosting: |^naive: |^semihosting check: |^campaign: all|vboard-(subdir|install): OK" build/$$p/Testing/Temporary/LastTest.log | sed "s/^/$$p: /"; \
	done
	@$(MAKE) --no-print-directory cross size handler-size bench
	@cat $(foreach p,$(PRESETS_HOST),build/$(p)/ctest.out) | \
	  awk '/tests passed, .* tests failed out of/ { failed += $$4; total += $$NF } \
	       END { print "== ctest, both compilers =="; printf "%d passed, %d failed\n", total - failed, failed }'

cross: deps
	@for p in $(PRESETS_M4); do \
	  $(CMAKE) --preset $$p >/dev/null && $(CMAKE) --build --preset $$p -j2 || exit 1; \
	done

# The gcc host build (tests, vboard, tools) and the -Os firmware it runs, without running tests.
host: deps
	@$(CMAKE) --preset m4-os >/dev/null && $(CMAKE) --build --preset m4-os -j2 >/dev/null
	@$(CMAKE) --preset host-gcc >/dev/null && $(CMAKE) --build --preset host-gcc -j2 >/dev/null

size: cross
	@python3 scripts/profile_size.py build/m4-os
	@echo "== Flash size (arm-none-eabi-size, text+data bytes per part of the library; Cortex-M4F, the H5/U5 builds Cortex-M33) =="
	@for p in $(PRESETS_M4); do \
	  sed -n 's/^C_FLAGS = /'"$$p"' flags: /p' build/$$p/CMakeFiles/bkpsram.dir/flags.make; \
	done
	@for p in $(PRESETS_M4); do \
	  arm-none-eabi-size build/$$p/libbkpsram.a | awk -v p=$$p 'NR > 1 { sub(/\.c\.obj.*/, "", $$6); printf "%-6s %-16s %6d\n", p, $$6, $$1 + $$2; t += $$1 + $$2 } END { printf "%-6s %-16s %6d\n", p, "total", t }'; \
	  arm-none-eabi-size build/$$p/tests/firmware/libbkpsram_nostrings.a | awk -v p=$$p 'NR > 1 { t += $$1 + $$2 } END { printf "%-6s %-16s %6d  (BKPSRAM_CFG_STRINGS=0)\n", p, "total", t }'; \
	  for f in f7 h7 h7rs h5 u5; do \
	    arm-none-eabi-size build/$$p/examples/libbkpsram_fw_$$f.a | awk -v p=$$p -v f=$$f 'NR > 1 { t += $$1 + $$2 } END { printf "%-6s %-16s %6d  (BKPSRAM_CFG_FAMILY=BKPSRAM_FAMILY_%s)\n", p, "total", t, toupper(f) }'; \
	  done; \
	done

# The long campaigns: every cut point over 20 (vboard) and 60 (model) save generations, and the
# host tests with 1,000,000 random power-up images and 1,000,000 images with a valid magic.
stress: host
	@ASAN_OPTIONS=detect_leaks=0 build/host-gcc/tests/firmware/powercut_campaign 20
	@BKPSRAM_STRESS=1 build/host-gcc/tests/unit/test_record | grep -E "cut points|random images|bit flips|PASSED|FAILED"
	@BKPSRAM_CRC_IMAGES=1000000 build/host-gcc/tests/unit/test_record_campaign | grep -E "cut points|images|PASSED|FAILED"

# Source mutations, one at a time, against the host tests (scripts/mutants.py): every one must be killed.
mutants: deps
	@python3 scripts/mutants.py

# Long fuzzing runs (clang, libFuzzer): FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 300
fuzz: deps
	@$(CMAKE) --preset host-clang >/dev/null && $(CMAKE) --build --preset host-clang -j2 --target fuzz_record fuzz_section fuzz_dump fuzz_log fuzz_crash
	@mkdir -p build/fuzz-corpus/record build/fuzz-corpus/section build/fuzz-corpus/dump build/fuzz-corpus/log build/fuzz-corpus/crash
	@for t in record section dump log crash; do \
	  echo "== fuzz_$$t, $(FUZZ_SECONDS) s =="; \
	  build/host-clang/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -print_final_stats=1 \
	    $$( [ $$t = dump ] && echo -dict=tests/fuzz/dump.dict ) \
	    build/fuzz-corpus/$$t 2>&1 | grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|crash" || exit 1; \
	done

# The fault handler's path in examples/crash_report (-Os), scripts/handler_size.py.
handler-size: cross
	@python3 scripts/handler_size.py build/m4-os/examples/crash_report-stm32f4-discovery.elf

bench: host cross
	@ASAN_OPTIONS=detect_leaks=0 build/host-gcc/tests/firmware/vboard_bench
	@echo "== The same at -O2 (the m4-o2 cross build; budgets are for -Os, not enforced here) =="
	@ASAN_OPTIONS=detect_leaks=0 build/host-gcc/tests/firmware/vboard_bench --firmware-dir build/m4-o2
	@echo "== Power-cut campaign speed on vboard (wall clock: varies with the machine) =="
	@$(CMAKE) -S . -B build/host-release -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Release -DBKPSRAM_SANITIZE=OFF \
	  -DBKPSRAM_BUILD_TESTS=ON -DBKPSRAM_FIRMWARE_DIR=$(CURDIR)/build/m4-os >/dev/null && \
	  $(CMAKE) --build build/host-release -j2 --target campaign_speed vboard >/dev/null
	@printf "without sanitizers (-O2): " && build/host-release/tests/firmware/campaign_speed
	@printf "vboard campaign on a user's firmware (40 record saves cut, -O2, 1 job):  " && \
	  build/host-release/vboard/vboard campaign build/m4-os/tests/firmware/campaign_fw_speed-stm32f4-discovery.elf power-on-no-vbat power-on | tail -1
	@printf "vboard campaign on a user's firmware (40 record saves cut, -O2, 2 jobs): " && \
	  build/host-release/vboard/vboard campaign --jobs 2 build/m4-os/tests/firmware/campaign_fw_speed-stm32f4-discovery.elf power-on-no-vbat power-on | tail -1
	@printf "with ASan+UBSan (host-gcc): " && ASAN_OPTIONS=detect_leaks=0 build/host-gcc/tests/firmware/campaign_speed
	@echo "== Example images (arm-none-eabi-size, -Os) =="
	@cd build/m4-os && arm-none-eabi-size examples/*-stm32f4-discovery.elf tests/firmware/bench-stm32f4-discovery.elf

# The API reference (HTML) from the public headers; warnings, undocumented members included, fail.
docs: deps
	@mkdir -p build/docs && BKPSRAM_DOCS_OUT=build/docs doxygen docs/Doxyfile && echo "API reference: build/docs/html/index.html"

# Static analysis of the library (also in make test): cppcheck, clang-tidy, MISRA C:2012.
lint: deps
	@for t in cppcheck clang-tidy misra; do python3 tests/project/static_analysis.py $$t . | tail -1 || exit 1; done

# The seed's LED demo: the real retain_led image on the virtual board.
demo: deps
	@$(CMAKE) --preset m4-os >/dev/null && $(CMAKE) --build --preset m4-os -j2 >/dev/null
	@$(CMAKE) --preset host-gcc >/dev/null && $(CMAKE) --build --preset host-gcc -j2 --target vboard >/dev/null
	@sh scripts/demo.sh build/host-gcc/vboard/vboard build/m4-os/examples/retain_led-stm32f4-discovery.elf

clean:
	rm -rf build
