# SPDX-License-Identifier: MIT
# The test firmware's own target, shared by the CMake user projects: each of them differs only in
# how it gets bkpsram (the README's lines) and where the linker fragment lies.
#   user_app(<name shown on the console> <linker fragment folder or ""> <linker script>)
function(user_app name fragment_dir ldscript)
  add_executable(app.elf ${APP}/main.c ${APP}/startup.c)
  target_include_directories(app.elf PRIVATE ${GEN})
  target_compile_definitions(app.elf PRIVATE APP_SECTION "APP_NAME=\"${name}\"")
  target_compile_options(app.elf PRIVATE -Wall -Wextra -Werror)
  target_link_libraries(app.elf PRIVATE bkpsram::bkpsram)
  target_link_options(app.elf PRIVATE -nostartfiles -L${fragment_dir} -T${APP}/${ldscript})
endfunction()
