# Finds LibTorch. By default it is the one inside the pip `torch` wheel of the venv that
# scripts/setup.sh makes; -DTorch_DIR=/path/to/libtorch/share/cmake/Torch points anywhere else.
#
# Fails early, with a sentence a person can act on, when LibTorch is missing, was built with the
# old C++ ABI (Qt, OpenCV and spdlog from Debian use the C++11 ABI: mixing them gives undefined
# references), or is a CUDA build whose CUDA major version does not match the toolkit CMake finds.

set(CNNWB_VENV "$ENV{CNNWB_VENV}" CACHE PATH "Python venv holding torch (set by scripts/setup.sh)")
if(NOT CNNWB_VENV)
  if(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
    set(CNNWB_VENV "$ENV{XDG_CACHE_HOME}/cnnwb/venv" CACHE PATH "" FORCE)
  else()
    set(CNNWB_VENV "$ENV{HOME}/.cache/cnnwb/venv" CACHE PATH "" FORCE)
  endif()
endif()

set(CNNWB_TORCH_CUDA_VERSION "")
set(_cnnwb_torch_abi "")

if(NOT Torch_DIR)
  set(_py "${CNNWB_VENV}/bin/python")
  if(NOT EXISTS "${_py}")
    message(FATAL_ERROR
      "LibTorch not found: there is no venv at ${CNNWB_VENV}.\n"
      "Run scripts/setup.sh (it makes the venv with the pinned torch), or pass "
      "-DTorch_DIR=/path/to/libtorch/share/cmake/Torch, or -DCNNWB_VENV=/path/to/venv.")
  endif()
  execute_process(
    COMMAND "${_py}" -c "import torch,sys; sys.stdout.write(';'.join([torch.utils.cmake_prefix_path, torch.version.cuda or '', str(int(torch._C._GLIBCXX_USE_CXX11_ABI)), torch.__version__]))"
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR
      "LibTorch not found: `import torch` fails in ${_py}:\n${_err}\n"
      "Run scripts/setup.sh, or pass -DTorch_DIR=/path/to/libtorch/share/cmake/Torch.")
  endif()
  list(GET _out 0 _prefix)
  list(GET _out 1 CNNWB_TORCH_CUDA_VERSION)
  list(GET _out 2 _cnnwb_torch_abi)
  list(GET _out 3 _torch_py_version)
  set(Torch_DIR "${_prefix}/Torch" CACHE PATH "LibTorch CMake package (from the venv's torch ${_torch_py_version})")
endif()

if(NOT EXISTS "${Torch_DIR}/TorchConfig.cmake")
  message(FATAL_ERROR "LibTorch not found: ${Torch_DIR}/TorchConfig.cmake does not exist. "
                      "Point -DTorch_DIR at <libtorch>/share/cmake/Torch.")
endif()

# When Torch_DIR was given (or cached), read the CUDA version from the package itself: the pip
# wheel's torch/version.py or a LibTorch archive's build-version file.
if(CNNWB_TORCH_CUDA_VERSION STREQUAL "")
  get_filename_component(_torch_root "${Torch_DIR}/../../.." ABSOLUTE)
  if(EXISTS "${_torch_root}/version.py")
    file(STRINGS "${_torch_root}/version.py" _cuda_line REGEX "^cuda")
    if(_cuda_line MATCHES "'([0-9]+\\.[0-9]+)'")
      set(CNNWB_TORCH_CUDA_VERSION "${CMAKE_MATCH_1}")
    endif()
  elseif(EXISTS "${_torch_root}/build-version")
    file(READ "${_torch_root}/build-version" _bv)
    if(_bv MATCHES "\\+cu([0-9]+)([0-9])")
      set(CNNWB_TORCH_CUDA_VERSION "${CMAKE_MATCH_1}.${CMAKE_MATCH_2}")
    endif()
  endif()
endif()

if(CNNWB_TORCH_CUDA_VERSION)
  # TorchConfig.cmake of a CUDA build needs a CUDA toolkit; check it ourselves first so that a
  # mismatch is one clear sentence instead of undefined symbols at link or load time. Without a
  # system toolkit of the right major version, scripts/setup.sh puts NVIDIA's compiler packages
  # from PyPI into the venv (site-packages/nvidia/cuNN): use those.
  string(REGEX MATCH "^[0-9]+" _torch_cuda_major "${CNNWB_TORCH_CUDA_VERSION}")
  get_filename_component(_wheel_cuda "${Torch_DIR}/../../../../nvidia/cu${_torch_cuda_major}" ABSOLUTE)
  if(NOT CUDAToolkit_ROOT AND NOT CMAKE_CUDA_COMPILER AND EXISTS "${_wheel_cuda}/bin/nvcc")
    find_program(_system_nvcc nvcc HINTS "$ENV{CUDA_HOME}/bin" /usr/local/cuda/bin NO_CACHE)
    set(_system_major "")
    if(_system_nvcc)
      execute_process(COMMAND "${_system_nvcc}" --version OUTPUT_VARIABLE _nvcc_out ERROR_QUIET)
      string(REGEX MATCH "release ([0-9]+)\\." _ "${_nvcc_out}")
      set(_system_major "${CMAKE_MATCH_1}")
    endif()
    if(NOT _system_major STREQUAL _torch_cuda_major)
      message(STATUS "Using the CUDA ${_torch_cuda_major} toolkit from the venv: ${_wheel_cuda}")
      set(CUDAToolkit_ROOT "${_wheel_cuda}")
      set(CUDA_TOOLKIT_ROOT_DIR "${_wheel_cuda}" CACHE PATH "CUDA toolkit for LibTorch's CMake package")
      set(CMAKE_CUDA_COMPILER "${_wheel_cuda}/bin/nvcc" CACHE FILEPATH "CUDA compiler")
    endif()
  endif()
  find_package(CUDAToolkit QUIET)
  if(NOT CUDAToolkit_FOUND)
    message(FATAL_ERROR
      "LibTorch at ${Torch_DIR} is a CUDA ${CNNWB_TORCH_CUDA_VERSION} build, and its CMake package needs "
      "a CUDA toolkit, but none was found.\nInstall CUDA toolkit ${CNNWB_TORCH_CUDA_VERSION} (nvcc on PATH, or "
      "-DCUDAToolkit_ROOT=...), or use a CPU-only LibTorch with -DTorch_DIR=... .")
  endif()
  if(NOT CUDAToolkit_VERSION_MAJOR STREQUAL _torch_cuda_major)
    message(FATAL_ERROR
      "LibTorch is built for CUDA ${CNNWB_TORCH_CUDA_VERSION} but the CUDA toolkit found at "
      "${CUDAToolkit_BIN_DIR} is ${CUDAToolkit_VERSION}: their major versions must match.\n"
      "Install CUDA toolkit ${CNNWB_TORCH_CUDA_VERSION} and point -DCUDAToolkit_ROOT at it, or pin a torch "
      "built for CUDA ${CUDAToolkit_VERSION_MAJOR}.x in scripts/setup.sh.")
  endif()
  if(NOT "${CUDAToolkit_VERSION_MAJOR}.${CUDAToolkit_VERSION_MINOR}" STREQUAL CNNWB_TORCH_CUDA_VERSION)
    message(WARNING "LibTorch is built for CUDA ${CNNWB_TORCH_CUDA_VERSION}, the toolkit is "
                    "${CUDAToolkit_VERSION}: same major version, so it links; prefer an exact match.")
  endif()
endif()

# LibTorch's CMake package enables the CUDA language for a CUDA build although we compile no CUDA
# code: give it a dialect CMake knows for nvcc and a fixed architecture list, so that it neither
# asks for CUDA 20 nor probes for a GPU at configure time (CUDA is chosen at run time only).
if(CNNWB_TORCH_CUDA_VERSION)
  set(CMAKE_CUDA_STANDARD 17)
  set(CMAKE_CUDA_EXTENSIONS OFF)
  if(NOT TORCH_CUDA_ARCH_LIST AND NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST})
    set(TORCH_CUDA_ARCH_LIST "8.0;9.0" CACHE STRING "CUDA architectures LibTorch's CMake package reports" FORCE)
  endif()
endif()
find_package(Torch REQUIRED CONFIG)
set(Torch_VERSION_STRING "${Torch_VERSION}")
# The launcher and the package tests need exactly this release (x.y.z) at run time.
string(REGEX MATCH "^[0-9]+\\.[0-9]+\\.[0-9]+" CNNWB_TORCH_VERSION "${Torch_VERSION}")

# TorchConfig.cmake puts its flags in TORCH_CXX_FLAGS; the ABI macro is the one we must agree with.
if(TORCH_CXX_FLAGS MATCHES "_GLIBCXX_USE_CXX11_ABI=0" OR _cnnwb_torch_abi STREQUAL "0")
  message(FATAL_ERROR
    "LibTorch at ${Torch_DIR} uses the pre-C++11 ABI (_GLIBCXX_USE_CXX11_ABI=0); Qt, OpenCV and spdlog "
    "from Debian use the C++11 ABI, so the program would not link. Use torch >= 2.7 from pip (C++11 ABI) or "
    "the cxx11-abi LibTorch archive.")
endif()

# Two interface targets:
#  - cnnwb::torch for the few engine sources that compile against LibTorch (includes as SYSTEM:
#    its headers are not warning-clean);
#  - cnnwb::torch_link for linking only. LibTorch's include folder ships its own {fmt} (v12), which
#    must never reach a file that includes spdlog, built against Debian's {fmt}; so nothing but
#    those sources may see LibTorch's include path.
add_library(cnnwb_torch INTERFACE)
add_library(cnnwb::torch ALIAS cnnwb_torch)
target_link_libraries(cnnwb_torch INTERFACE ${TORCH_LIBRARIES})
target_include_directories(cnnwb_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})

add_library(cnnwb_torch_link INTERFACE)
add_library(cnnwb::torch_link ALIAS cnnwb_torch_link)
foreach(_lib IN LISTS TORCH_LIBRARIES)
  target_link_libraries(cnnwb_torch_link INTERFACE "$<LINK_ONLY:${_lib}>")
endforeach()

# The wheel's libtorch_cuda finds its CUDA, cuDNN and NCCL libraries in site-packages/nvidia/*/lib
# through its own RPATH at run time. The linker must resolve them there too, before any other copy
# on the system (a system NCCL older than the wheel's lacks symbols libtorch_cuda needs).
get_filename_component(_torch_lib_dir "${TORCH_LIBRARY}" DIRECTORY)
file(GLOB _wheel_nvidia_libs LIST_DIRECTORIES true "${_torch_lib_dir}/../../nvidia/*/lib")
foreach(_dir IN LISTS _wheel_nvidia_libs)
  get_filename_component(_dir "${_dir}" ABSOLUTE)
  target_link_options(cnnwb_torch_link INTERFACE "LINKER:-rpath-link,${_dir}")
endforeach()

# Installed programs carry no RUNPATH: packaging/launcher.sh.in finds a LibTorch of this version on
# the machine it runs on (this folder is its last guess). packaging/ hands the same folders to
# dpkg-shlibdeps, which must see LibTorch as private, not as a Debian package.
set(CNNWB_TORCH_LIB_DIR "${_torch_lib_dir}")
set(CNNWB_TORCH_LIBRARY_DIRS "${_torch_lib_dir}")
foreach(_dir IN LISTS _wheel_nvidia_libs)
  get_filename_component(_dir "${_dir}" ABSOLUTE)
  list(APPEND CNNWB_TORCH_LIBRARY_DIRS "${_dir}")
endforeach()
