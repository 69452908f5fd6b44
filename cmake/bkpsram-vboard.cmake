# SPDX-License-Identifier: MIT
# bkpsram_add_vboard_test(NAME <name> ELF <firmware.elf> [BOARD <board>] [CAMPAIGN <option>...]
#                         [EVENTS <event>...])
# Registers a ctest entry that runs a firmware image on vboard (bkpsram::vboard):
# - without CAMPAIGN: `vboard --quiet --board <board> <elf> <events>` (default events: power-on).
#   The test passes when the firmware ends with exit(0) through semihosting (or goes idle without
#   a fault); its semihosting output is the test's output; exit(n) fails it with status n.
# - with CAMPAIGN: `vboard campaign --board <board> <options> <elf> <events>` (default events:
#   power-on-no-vbat power-on): a power cut after every backup-domain write of the last boot,
#   each followed by a check boot; the test passes with 0 failures. CAMPAIGN with no options
#   judges by semihosting; e.g. CAMPAIGN --check console:^FAIL --jobs 2.
# BOARD defaults to stm32f4-discovery (vboard --help lists the boards).
function(bkpsram_add_vboard_test)
  cmake_parse_arguments(PARSE_ARGV 0 _v "" "NAME;ELF;BOARD" "CAMPAIGN;EVENTS")
  if(NOT _v_NAME OR NOT _v_ELF)
    message(FATAL_ERROR "bkpsram_add_vboard_test: NAME and ELF are required")
  endif()
  if(_v_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "bkpsram_add_vboard_test(${_v_NAME}): unknown arguments ${_v_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET bkpsram::vboard)
    message(FATAL_ERROR "bkpsram_add_vboard_test: no bkpsram::vboard (add_subdirectory(bkpsram) with "
                        "-DBKPSRAM_BUILD_VBOARD=ON, or find_package(bkpsram COMPONENTS vboard))")
  endif()
  if(NOT _v_BOARD)
    set(_v_BOARD stm32f4-discovery)
  endif()
  if("CAMPAIGN" IN_LIST _v_KEYWORDS_MISSING_VALUES OR _v_CAMPAIGN)
    if(NOT _v_EVENTS)
      set(_v_EVENTS power-on-no-vbat power-on)
    endif()
    add_test(NAME ${_v_NAME} COMMAND bkpsram::vboard campaign --board ${_v_BOARD} ${_v_CAMPAIGN} ${_v_ELF} ${_v_EVENTS})
  else()
    if(NOT _v_EVENTS)
      set(_v_EVENTS power-on)
    endif()
    add_test(NAME ${_v_NAME} COMMAND bkpsram::vboard --quiet --board ${_v_BOARD} ${_v_ELF} ${_v_EVENTS})
  endif()
endfunction()
