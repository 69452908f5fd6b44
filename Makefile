# bkpsram: the two commands of the README.
#   make test   installs what is missing (scripts/deps.sh), builds and runs every test
#   make demo   the LED retention demo on the virtual board
# plus: make size (flash figures), make clean.

CMAKE ?= cmake
PRESETS_HOST := host-gcc host-clang
PRESETS_M4 := m4-os m4-o2

.PHONY: all test deps cross size bench demo clean

all: test

deps:
	@sh scripts/deps.sh

# Firmware first (the vboard tests run it), then host tests with gcc and clang (ASan+UBSan),
# the -O2 cross build, and the figures.
test: deps
	@$(CMAKE) --preset m4-os >/dev/null && $(CMAKE) --build --preset m4-os -j2
	@for p in $(PRESETS_HOST); do \
	  $(CMAKE) --preset $$p >/dev/null && $(CMAKE) --build --preset $$p -j2 && ctest --preset $$p || exit 1; \
	done
	@$(MAKE) --no-print-directory cross size bench

cross: deps
	@for p in $(PRESETS_M4); do \
	  $(CMAKE) --preset $$p >/dev/null && $(CMAKE) --build --preset $$p -j2 || exit 1; \
	done

size: cross
	@echo "== Flash size of the core driver (arm-none-eabi-size, Cortex-M4F) =="
	@for p in $(PRESETS_M4); do \
	  printf '%-6s ' "$$p:"; arm-none-eabi-size -t build/$$p/libbkpsram.a | awk 'END { printf "text %s data %s bss %s (bytes)\n", $$1, $$2, $$3 }'; \
	done

# The seed's LED demo: the real retain_led image on the virtual board.
bench:
	@build/host-gcc/tests/firmware/vboard_bench
	@echo "== Example images (arm-none-eabi-size, -Os) =="
	@cd build/m4-os && arm-none-eabi-size examples/*-stm32f4-discovery.elf tests/firmware/bench-stm32f4-discovery.elf

demo: deps
	@$(CMAKE) --preset m4-os >/dev/null && $(CMAKE) --build --preset m4-os -j2 >/dev/null
	@$(CMAKE) --preset host-gcc >/dev/null && $(CMAKE) --build --preset host-gcc -j2 --target vboard >/dev/null
	@sh scripts/demo.sh build/host-gcc/vboard/vboard build/m4-os/examples/retain_led-stm32f4-discovery.elf

clean:
	rm -rf build
