# Kernel variants: each pair of kernel tree and patch set is ported to C++ at
# build time (swiotlb/port.py) and linked with kshim and the harness.
#
# tools/kctx registers variants in ${CMAKE_BINARY_DIR}/kctx-variants.cmake, one
# kctx_variant(NAME TREE PATCHDIR) line each; PATCHDIR is "" for no patches.

# The kernel configuration kctx builds the ported files with (swiotlb/kernel.config).  Another one can be
# set per build tree with -DKCTX_CONFIG_OVERRIDE="CONFIG_A=1;CONFIG_B=1".
file(STRINGS ${CMAKE_SOURCE_DIR}/swiotlb/kernel.config KCTX_CONFIG REGEX "^CONFIG_")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/swiotlb/kernel.config)
set(KCTX_CONFIG_OVERRIDE "" CACHE STRING "CONFIG_* definitions for the ported files, instead of kctx's")
if(KCTX_CONFIG_OVERRIDE)
  set(KCTX_CONFIG ${KCTX_CONFIG_OVERRIDE})
endif()

# The ported files, from swiotlb/port.py's one list (UNITS and HEADERS).
execute_process(COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/swiotlb/port.py --list
                OUTPUT_VARIABLE KCTX_PORTED COMMAND_ERROR_IS_FATAL ANY)
string(REPLACE "\n" ";" KCTX_PORTED_LINES "${KCTX_PORTED}")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/swiotlb/port.py)

file(GLOB_RECURSE KSHIM_HEADERS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/kshim/include/*.h)
set(KCTX_VARIANTS "" CACHE INTERNAL "")

function(kctx_variant name tree patches)
  set(gen ${CMAKE_BINARY_DIR}/variants/${name}/gen)
  set(defs "")
  set(port_flags --flag=-std=gnu++20 --flag=-I${CMAKE_SOURCE_DIR}/kshim/include
                 --flag=-include --flag=linux/kconfig.h)
  foreach(c ${KCTX_CONFIG})
    list(APPEND port_flags --flag=-D${c})
  endforeach()
  set(patch_args "")
  set(patch_deps "")
  if(patches)
    set(patch_args --patches ${patches})
    file(GLOB patch_deps ${patches}/*)
  endif()
  # Each ported .c file is a translation unit of its own (swiotlb/glue/unit.cc wraps it), but swiotlb.c,
  # which the glue includes to reach its statics.
  set(port_outputs "")
  set(port_inputs "")
  set(unit_sources "")
  foreach(line ${KCTX_PORTED_LINES})
    if(line STREQUAL "")
      continue()
    endif()
    string(REPLACE ":" ";" line "${line}")
    list(GET line 0 kind)
    list(GET line 1 rel)
    list(GET line 2 out)
    if(NOT kind STREQUAL "created")
      list(APPEND port_inputs ${tree}/${rel})
    endif()
    list(APPEND port_outputs ${gen}/${out})
    # "created": the files the patch set creates (a KUnit suite), one generated file that includes
    # them all, or nothing
    if((kind STREQUAL "unit" AND NOT rel STREQUAL "kernel/dma/swiotlb.c") OR kind STREQUAL "created")
      set(wrap ${gen}/${out}.unit.cc)
      file(CONFIGURE OUTPUT ${wrap} CONTENT "#define KCTX_PORTED_UNIT \"${out}\"\n#include \"${CMAKE_SOURCE_DIR}/swiotlb/glue/unit.cc\"\n")
      list(APPEND unit_sources ${wrap})
    endif()
  endforeach()
  add_custom_command(
    OUTPUT ${port_outputs} ${gen}/port-summary.json ${gen}/ported_files.inc
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/swiotlb/port.py --quiet
            --kernel-tree ${tree} ${patch_args} --out ${gen}
            --cxx ${CMAKE_CXX_COMPILER} ${port_flags}
    DEPENDS ${port_inputs} ${patch_deps}
            ${CMAKE_SOURCE_DIR}/swiotlb/port.py ${KSHIM_HEADERS}
    COMMENT "Porting kernel/dma (${name})"
    VERBATIM)

  # The kernel files and the glue, without inlining, so that every kernel function is a frame of its own
  # in the traces.
  add_library(kctx_port_${name} OBJECT ${CMAKE_SOURCE_DIR}/swiotlb/glue/glue.cc ${unit_sources} ${port_outputs})
  set_source_files_properties(${port_outputs} PROPERTIES HEADER_FILE_ONLY ON)
  target_include_directories(kctx_port_${name} BEFORE PRIVATE ${gen} ${gen}/include)
  target_link_libraries(kctx_port_${name} PRIVATE kshim)
  # The kernel version without the variant's tree/patch-set suffixes: scenarios name kernels by it.
  string(REGEX REPLACE "-[pt][0-9a-f]+.*$" "" version "${name}")
  target_compile_definitions(kctx_port_${name} PRIVATE ${KCTX_CONFIG} KCTX_KERNEL_VERSION="${version}")
  target_compile_options(kctx_port_${name} PRIVATE
    -include linux/kconfig.h -fno-inline -fno-optimize-sibling-calls
    # two calls of one function (dma_direct_map_page()'s two swiotlb_map()s) stay two call sites, each
    # with its line: merged, the frame's line would be 0
    "SHELL:-mllvm -simplifycfg-sink-common=false" "SHELL:-mllvm -enable-tail-merge=false"
    -Wno-unused-variable -Wno-unused-but-set-variable -Wno-format -Wno-sign-compare
    -Wno-deprecated-volatile -Wno-shift-count-overflow)

  # Under ASan a bad access in kernel code may be resumed, as KASAN resumes it (kshim/src/kasan.cc): the
  # port's failed checks call ASan's _noabort reports, which kshim wraps, and its memcpy/memmove/memset
  # go to kshim's __kctx_kasan_* first.
  if(KCTX_ASAN)
    target_compile_options(kctx_port_${name} PRIVATE -fsanitize-recover=address
      "SHELL:-mllvm -asan-memory-access-callback-prefix=__kctx_kasan_")
    set(wraps "")
    foreach(w load1 load2 load4 load8 load16 load_n store1 store2 store4 store8 store16 store_n)
      string(APPEND wraps ",--wrap=__asan_report_${w}_noabort")
    endforeach()
    target_link_options(kctx_port_${name} INTERFACE "-Wl${wraps}")
  endif()

  # The runner's and the fuzz target's own code is compiled once (harness/, fuzz/): a variant compiles
  # only its port and the glue.
  add_executable(kctx-runner-${name} $<TARGET_OBJECTS:kctx_runner_objects>)
  target_link_libraries(kctx-runner-${name} PRIVATE kctx_port_${name} kctx_harness kshim)

  if(KCTX_FUZZ)
    add_executable(kctx-fuzz-${name} $<TARGET_OBJECTS:kctx_fuzz_objects>)
    target_link_options(kctx-fuzz-${name} PRIVATE ${KCTX_FUZZ_LINK})
  else()
    add_executable(kctx-fuzz-${name} $<TARGET_OBJECTS:kctx_fuzz_objects> $<TARGET_OBJECTS:kctx_fuzz_driver_objects>)
  endif()
  target_link_libraries(kctx-fuzz-${name} PRIVATE kctx_port_${name} kctx_harness kshim)

  set(KCTX_VARIANTS ${KCTX_VARIANTS} ${name} CACHE INTERNAL "")
  set(KCTX_VARIANT_TREE_${name} ${tree} CACHE INTERNAL "")
  set(KCTX_VARIANT_PATCHES_${name} "${patches}" CACHE INTERNAL "")
endfunction()

set(KCTX_VARIANTS "" CACHE INTERNAL "")
if(EXISTS ${CMAKE_BINARY_DIR}/kctx-variants.cmake)
  include(${CMAKE_BINARY_DIR}/kctx-variants.cmake)
endif()
