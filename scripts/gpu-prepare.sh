#!/usr/bin/env bash
# Fills .gpu/ with what a bare GPU machine (a driver, but no Node.js, no
# node_modules, no package registry) needs to run the benchmark bundle on
# WebGPU through Dawn: this machine's Node binary, the `webgpu` package's
# linux-x64 Dawn module, and the Vulkan loader and GL dispatch libraries that
# an NVIDIA driver's Vulkan ICD loads. A machine that has Node and this
# checkout's node_modules needs none of it: run `npm run bench -- --driver node`.
#   usage (from the project root): bash scripts/gpu-prepare.sh
# Then on the GPU machine, from a copy of the project root holding .gpu/:
#   source .gpu/env.sh; $NODE .gpu/bench.mjs --help
set -euo pipefail
cd "$(git rev-parse --show-toplevel 2>/dev/null || dirname "$0")/"
mkdir -p .gpu
# Node itself, compressed: the one binary the bundle cannot do without.
[ -f .gpu/node.xz ] || xz -T2 -6 -c "$(command -v node)" > .gpu/node.xz
# Debian packages, unpacked on the GPU machine (no root needed there).
( cd .gpu && for p in libvulkan1 libglvnd0 libegl1 libgl1 libglx0 libgles2 libopengl0; do
    ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download "$p" >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get download "$p"; }
  done )
if [ ! -f node_modules/webgpu/dist/linux-x64/dawn.node ]; then
  echo "node_modules/webgpu is missing: run npm install first" >&2
  exit 1
fi
mkdir -p .gpu/node_modules/webgpu/dist/linux-x64
cp node_modules/webgpu/package.json node_modules/webgpu/index.js .gpu/node_modules/webgpu/
cp node_modules/webgpu/dist/linux-x64/dawn.node .gpu/node_modules/webgpu/dist/linux-x64/
cat > .gpu/env.sh <<'EOS'
# Sourced on the GPU machine from the project root. The ICD paths are where
# NVIDIA's container toolkit puts them; set VK_ICD_FILENAMES yourself elsewhere.
mkdir -p /tmp/successor-vk && for f in .gpu/*.deb; do dpkg -x "$f" /tmp/successor-vk; done
export LD_LIBRARY_PATH=/tmp/successor-vk/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_ICD_FILENAMES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  export VK_DRIVER_FILES=$VK_ICD_FILENAMES
  export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
fi
[ -x /tmp/successor-node ] || { xz -dc .gpu/node.xz > /tmp/successor-node && chmod +x /tmp/successor-node; }
export NODE=/tmp/successor-node
EOS
du -sh .gpu
