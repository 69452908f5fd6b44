// SPDX-License-Identifier: MIT
// A C++17 firmware that includes every public header of bkpsram, built with
// arm-none-eabi-g++ -Wall -Wextra -Werror, linked and run on vboard. Prints "c++17: OK".
#include <cstdint>

#include "bkpsram/bkpsram.h"
#include "bkpsram/bkpsram_crc.h"
#include "bkpsram/bkpsram_layout.h"
#include "bkpsram/bkpsram_log.h"
#include "bkpsram/bkpsram_memory.h"
#include "bkpsram/bkpsram_opt.h"
#include "bkpsram/bkpsram_record.h"
#include "bkpsram/bkpsram_section.h"

#include "readme_layout.h"

namespace {

volatile std::uint32_t &reg(std::uintptr_t addr)
{
    return *reinterpret_cast<volatile std::uint32_t *>(addr);
}

void put(const char *s)
{
    for (; *s != '\0'; ++s) {
        reg(0x40004404u) = static_cast<std::uint8_t>(*s);
    }
}

// A typed record, the way a C++ code base would wrap one.
template <typename T> class Persistent {
public:
    explicit constexpr Persistent(const bkpsram_record_t &rec) : rec_(rec) {}
    bool load(T &out) const { return bkpsram_record_load(&rec_, &out) == BKPSRAM_OK; }
    bool save(const T &in) const { return bkpsram_record_save(&rec_, &in) == BKPSRAM_OK; }

private:
    const bkpsram_record_t &rec_;
};

bool run()
{
    constexpr bkpsram_area_t layout[] = {
        BKPSRAM_AREA_SECTION("section region", 0u, README_SECTION_SIZE),
        BKPSRAM_AREA_RECORD("settings_rec", settings_rec),
        BKPSRAM_AREA_LOG("log cfg", cfg),
    };
    static_assert(BKPSRAM_VERSION_MAJOR >= 0, "version macros");
    const Persistent<settings_t> settings{settings_rec};
    settings_t s{9600u, 3u, 2u, 11u}, back{};
    bkpsram_log_t log{};
    const sample_t sample{5u, 20.0f, 1u, 2u};
    sample_t got{};
    const std::uint32_t word = 0x12345678u;

    return bkpsram_layout_check(layout, 3u, 0u, nullptr) == BKPSRAM_OK && bkpsram_init(nullptr) == BKPSRAM_OK &&
           !settings.load(back) && settings.save(s) && settings.load(back) && back.baud == 9600u &&
           bkpsram_log_open(&log, &cfg) == BKPSRAM_OK && bkpsram_log_append(&log, &sample) == BKPSRAM_OK &&
           bkpsram_log_read(&log, 0u, &got) == BKPSRAM_OK && got.raw == 1u &&
           bkpsram_crc32(BKPSRAM_CRC32_INIT, &word, 4u) != 0u;
}

} // namespace

int main()
{
    reg(0x4000440Cu) = (1u << 13) | (1u << 3); // USART2 UE, TE
    put(run() ? "c++17: OK\n" : "c++17: FAIL\n");
    for (;;) {
    }
}
