// Throughput of the checkpoint tensor formats: writes a synthetic state dict of the
// size of a Wav2Vec2-base checkpoint (or `--mb N`) to safetensors, reads it back, reads
// the header alone, and, when given `--bin FILE` (a torch.save file), reads that too.
// Usage: bench_tensor_files [--mb 360] [--bin pytorch_model.bin] [--dir /tmp]
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "tensor_io/pytorch_bin.h"
#include "tensor_io/safetensors.h"

namespace {
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

size_t total_bytes(const emoforget::tensor_io::TensorMap& tensors) {
  size_t bytes = 0;
  for (const auto& [name, tensor] : tensors)
    bytes += tensor.nbytes();
  return bytes;
}

void report(const char* what, size_t bytes, double seconds) {
  std::printf("%-28s %8.1f MB in %7.3f s = %8.1f MB/s\n", what, bytes / 1e6, seconds,
              bytes / 1e6 / seconds);
}

}  // namespace

int main(int argc, char** argv) {
  double megabytes = 360;  // Wav2Vec2-base: about 95M float32 parameters
  std::string bin;
  std::filesystem::path dir = std::filesystem::temp_directory_path();
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--mb") == 0) megabytes = std::atof(argv[i + 1]);
    if (std::strcmp(argv[i], "--bin") == 0) bin = argv[i + 1];
    if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
  }
  // 12 layers of 4 large matrices plus small vectors, as in a transformer encoder.
  const int64_t layers = 12;
  const int64_t width = static_cast<int64_t>(std::sqrt(megabytes * 1e6 / 4 / layers / 4));
  emoforget::tensor_io::TensorMap tensors;
  for (int64_t layer = 0; layer < layers; ++layer) {
    const std::string prefix = "encoder.layers." + std::to_string(layer) + ".";
    for (const char* name : {"q.weight", "k.weight", "v.weight", "out.weight"}) {
      tensors[prefix + name] = at::randn({width, width});
    }
    tensors[prefix + "norm.weight"] = at::ones({width});
    tensors[prefix + "norm.bias"] = at::zeros({width}, at::kHalf);
  }
  const size_t bytes = total_bytes(tensors);
  std::printf("config: %zu tensors, %.1f MB, width %lld, dir %s, threads %d\n", tensors.size(),
              bytes / 1e6, static_cast<long long>(width), dir.c_str(), at::get_num_threads());

  const auto path = dir / "bench_tensor_files.safetensors";
  auto start = Clock::now();
  emoforget::tensor_io::write_safetensors(path, tensors);
  report("write_safetensors", bytes, seconds_since(start));
  start = Clock::now();
  const auto back = emoforget::tensor_io::read_safetensors(path);
  report("read_safetensors", total_bytes(back), seconds_since(start));
  start = Clock::now();
  const auto metadata = emoforget::tensor_io::read_safetensors_metadata(path);
  std::printf("%-28s %8zu keys in %7.4f s\n", "read_safetensors_metadata", metadata.size(),
              seconds_since(start));
  std::filesystem::remove(path);

  if (!bin.empty()) {
    start = Clock::now();
    const auto loaded = emoforget::tensor_io::read_pytorch_bin(bin);
    report("read_pytorch_bin", total_bytes(loaded), seconds_since(start));
  }
  return 0;
}
