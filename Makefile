# bkpsram: the two commands of the README.
#   make test   installs what is missing (scripts/deps.sh), builds and runs every test
#   make demo   the LED retention demo on the virtual board
# plus: make size (flash figures), make clean.

CMAKE ?= cmake
PRESETS_HOST := host-gcc host-clang
PRESETS_M4 := m4-os m4-o2

.PHONY: all test deps host-tests cross size demo clean

all: test

deps:
	@sh scripts/deps.sh

# Host tests with gcc and clang (ASan+UBSan), then the warning-free cross builds and sizes.
test: deps
	@for p in $(PRESETS_HOST); do \
	  $(CMAKE) --preset $$p >/dev/null && $(CMAKE) --build --preset $$p -j2 && ctest --preset $$p || exit 1; \
	done
	@$(MAKE) --no-print-directory cross size

cross: deps
	@for p in $(PRESETS_M4); do \
	  $(CMAKE) --preset $$p >/dev/null && $(CMAKE) --build --preset $$p -j2 || exit 1; \
	done

size: cross
	@echo "== Flash size of the core driver (arm-none-eabi-size, Cortex-M4F) =="
	@for p in $(PRESETS_M4); do \
	  printf '%-6s ' "$$p:"; arm-none-eabi-size -t build/$$p/libbkpsram.a | awk 'END { printf "text %s data %s bss %s (bytes)\n", $$1, $$2, $$3 }'; \
	done

demo:
	@echo "make demo runs the LED retention demo on the virtual board (vboard), which is not built yet."
	@echo "Until then, 'make test' exercises the driver against the behavioural model."
	@exit 1

clean:
	rm -rf build
