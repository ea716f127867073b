# Warnings and sanitizers for our own targets (never applied to third-party code).
add_library(cnnwb_compiler_options INTERFACE)
add_library(cnnwb::compiler_options ALIAS cnnwb_compiler_options)

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(cnnwb_compiler_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wimplicit-fallthrough
    # Designated initializers that leave defaulted members out are the point of them in C++20.
    -Wno-missing-field-initializers)
  if(CNNWB_WARNINGS_AS_ERRORS)
    target_compile_options(cnnwb_compiler_options INTERFACE -Werror)
  endif()
endif()

if(CNNWB_SANITIZE)
  target_compile_options(cnnwb_compiler_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(cnnwb_compiler_options INTERFACE -fsanitize=address,undefined)
endif()
