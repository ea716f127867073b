# syntax=docker/dockerfile:1
# A stand-in for the official PyTorch CUDA devel image, for machines that cannot pull it (docker/smoke-test.sh
# makes it when the pull fails). It gives docker/Dockerfile what it expects of that image: `python` and `pip`
# on PATH with torch (C++11 ABI, LibTorch's CMake package inside) and a CUDA toolkit of torch's CUDA major
# version for that package, here NVIDIA's nvcc wheels from PyPI as scripts/setup.sh installs them.
#   docker build -f docker/standin-base.Dockerfile --build-arg DEBIAN_IMAGE=<a Debian 12 image> \
#     --build-arg TORCH_VERSION=2.13.0 --build-arg CUDA_NVCC_VERSION=13.0.88 \
#     --build-arg CUDA_CCCL_VERSION=13.0.85 -t cnnwb-standin-base .
ARG DEBIAN_IMAGE=debian:bookworm
FROM ${DEBIAN_IMAGE}
ARG DEBIAN_FRONTEND=noninteractive
ARG TORCH_VERSION=2.13.0
ARG CUDA_NVCC_VERSION=13.0.88
ARG CUDA_CCCL_VERSION=13.0.85
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# A virtual environment first on PATH plays the part of the official image's conda Python. PIP_CERT: as in
# docker/Dockerfile.
ENV PATH=/opt/python/bin:${PATH}
ARG PIP_CERT
RUN python3 -m venv /opt/python \
 && pip install --no-cache-dir "torch==${TORCH_VERSION}"
RUN pip install --no-cache-dir "nvidia-cuda-nvcc==${CUDA_NVCC_VERSION}" "nvidia-nvvm==${CUDA_NVCC_VERSION}" \
      "nvidia-cuda-crt==${CUDA_NVCC_VERSION}" "nvidia-cuda-cccl==${CUDA_CCCL_VERSION}"
# CMake's FindCUDAToolkit looks for the unversioned library names a toolkit has; the wheels ship only the
# versioned ones. nvcc's profile links from lib64, the wheels install into lib.
RUN cuda=$(python -c 'import nvidia, os, torch; print(os.path.join(list(nvidia.__path__)[0], "cu" + torch.version.cuda.split(".")[0]))') \
 && ln -s lib "$cuda/lib64" \
 && for lib in cudart nvrtc; do \
      versioned=$(find "$cuda/lib" -maxdepth 1 -name "lib$lib.so.*" | sort | head -n 1); \
      ln -s "$(basename "$versioned")" "$cuda/lib/lib$lib.so"; \
    done \
 && python -c 'import torch; print("torch", torch.__version__, "CUDA", torch.version.cuda)'
WORKDIR /workspace
