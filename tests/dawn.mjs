// WebGPU in Node on Dawn's bindings (the `webgpu` package), set up the way a browser has it
// (navigator.gpu and the GPU* globals), so src/gpu/device.ts's acquireDevice runs unchanged.
// Shared by the Node benchmark (tests/bench/node.mjs) and the experiments' engine=dawn
// (tests/experiments/run.mjs). On Linux Dawn drives the GPU through Vulkan: it needs the Vulkan
// loader (libvulkan.so.1) and a Vulkan driver whose ICD file the loader finds, or
// VK_ICD_FILENAMES names.
import { availableParallelism } from 'node:os';
import { create, globals } from 'webgpu';

const NO_ADAPTER = [
  'No WebGPU adapter: Dawn found no GPU it can drive.',
  'On Linux Dawn uses Vulkan. It needs',
  '  - the Vulkan loader, libvulkan.so.1 (Debian/Ubuntu: apt-get install libvulkan1), on the library path;',
  "  - a Vulkan driver: the GPU vendor's (NVIDIA's driver ships one; check that its ICD file, e.g.",
  '    /usr/share/vulkan/icd.d/nvidia_icd.json or /etc/vulkan/icd.d/nvidia_icd.json, is there), Mesa, or',
  '    SwiftShader for a software run;',
  '  - the loader finds drivers through their ICD JSON files; name one with VK_ICD_FILENAMES=/path/to/icd.json.',
  'On a headless NVIDIA server the stock ICD file names libGLX_nvidia.so.0, which can fail where no display runs',
  "(\"Could not get 'vkCreateInstance' via 'vk_icdGetInstanceProcAddr'\"); the driver's EGL library works headless:",
  '  echo \'{"file_format_version":"1.0.0","ICD":{"library_path":"libEGL_nvidia.so.0","api_version":"1.3.0"}}\' > /tmp/nvidia_egl_icd.json',
  '  VK_ICD_FILENAMES=/tmp/nvidia_egl_icd.json npm run bench:node',
  '`vulkaninfo --summary` (package vulkan-tools) shows what the loader sees. A "Couldn\'t load Vulkan" warning',
  'above means the loader itself is missing (set LD_LIBRARY_PATH to the folder holding libvulkan.so.1).',
].join('\n');

/**
 * Installs navigator.gpu (Dawn, with `dawnOptions` such as 'backend=vulkan') and the WebGPU
 * globals, and returns the high-performance adapter; with none it prints what is missing and exits.
 */
export async function installDawn(dawnOptions = []) {
  // Node has no Float16Array before version 24; webgpu-utils names it in its typed-array tables
  // when it loads. Nothing here reads or writes f16 data, so a stand-in of the right element
  // size is enough for those tables.
  if (typeof globalThis.Float16Array === 'undefined') {
    globalThis.Float16Array = class Float16Array extends Uint16Array {};
  }
  Object.assign(globalThis, globals);
  const gpu = create(dawnOptions);
  if (globalThis.navigator) Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu, hardwareConcurrency: availableParallelism() }, configurable: true, writable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    console.error(`${NO_ADAPTER}\nVK_ICD_FILENAMES is ${process.env.VK_ICD_FILENAMES ? `set to ${process.env.VK_ICD_FILENAMES}` : 'not set'}.`);
    process.exit(1);
  }
  return adapter;
}
