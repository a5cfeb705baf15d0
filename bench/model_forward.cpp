// Benchmark: forward and forward+backward time of the sequence classifier for model presets,
// clip lengths and batch sizes. Prints the configuration, ms/iteration and utterances/s.
//   bench_model_forward [--preset tiny,base] [--seconds 1,3] [--batch 1,8] [--iters N]
//                       [--warmup N] [--mode forward,backward] [--threads N] [--device cpu|cuda]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "common/heap.h"
#include "common/threads.h"
#include "model/sequence_classifier.h"

namespace {

using emoforget::model::ModelConfig;
using emoforget::model::SequenceClassifier;

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

struct Options {
  std::vector<std::string> presets{"tiny", "base"};
  std::vector<double> seconds{1.0, 3.0};
  std::vector<int64_t> batches{1, 8};
  std::vector<std::string> modes{"forward", "backward"};
  int iters = 5;
  int warmup = 1;
  int threads = 0;
  std::string device = "cpu";
};

void usage() {
  std::cerr << "usage: bench_model_forward [--preset tiny,base,large] [--seconds 1,3] "
               "[--batch 1,8] [--mode forward,backward] [--iters 5] [--warmup 1] "
               "[--threads N] [--device cpu|cuda]\n";
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      usage();
      std::exit(0);
    }
    if (i + 1 >= argc) {
      usage();
      throw std::runtime_error("missing value after " + flag);
    }
    const std::string value = argv[++i];
    if (flag == "--preset") {
      o.presets = split(value);
    } else if (flag == "--seconds") {
      o.seconds.clear();
      for (const auto& s : split(value))
        o.seconds.push_back(std::stod(s));
    } else if (flag == "--batch") {
      o.batches.clear();
      for (const auto& s : split(value))
        o.batches.push_back(std::stoll(s));
    } else if (flag == "--mode") {
      o.modes = split(value);
    } else if (flag == "--iters") {
      o.iters = std::stoi(value);
    } else if (flag == "--warmup") {
      o.warmup = std::stoi(value);
    } else if (flag == "--threads") {
      o.threads = std::stoi(value);
    } else if (flag == "--device") {
      o.device = value;
    } else {
      usage();
      throw std::runtime_error("unknown flag " + flag);
    }
  }
  return o;
}

void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = parse(argc, argv);
    emoforget::configure_heap();
    emoforget::configure_threads(options.threads);  // 0 = all cores
    const torch::Device device(options.device);
    std::printf("threads=%d device=%s iters=%d warmup=%d\n", torch::get_num_threads(),
                options.device.c_str(), options.iters, options.warmup);
    for (const auto& preset : options.presets) {
      ModelConfig config = ModelConfig::preset(preset);
      config.id2label = {"anger", "happiness", "neutral", "sadness"};
      SequenceClassifier model(config);
      model->init_weights(0);
      model->to(device);
      model->eval();
      std::printf("preset=%s params=%lld config: %s\n", preset.c_str(),
                  static_cast<long long>(model->num_parameters()), config.describe().c_str());
      for (const auto& mode : options.modes) {
        const bool backward = mode == "backward";
        for (double seconds : options.seconds) {
          for (int64_t batch : options.batches) {
            const auto samples = static_cast<int64_t>(seconds * 16000);
            const torch::Tensor input = torch::randn({batch, samples}, torch::Device(device));
            const torch::Tensor targets = torch::zeros({batch}, torch::kLong).to(device);
            auto step = [&] {
              if (backward) {
                model->zero_grad();
                auto x = input.clone().requires_grad_(true);
                torch::nn::functional::cross_entropy(model->forward(x), targets).backward();
              } else {
                torch::NoGradGuard no_grad;
                model->forward(input);
              }
            };
            for (int i = 0; i < options.warmup; ++i)
              step();
            synchronize(device);
            const auto start = std::chrono::steady_clock::now();
            for (int i = 0; i < options.iters; ++i)
              step();
            synchronize(device);
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count() /
                options.iters;
            std::printf(
                "preset=%-5s mode=%-8s seconds=%.1f batch=%-3lld %10.2f ms/iter %10.1f utt/s\n",
                preset.c_str(), mode.c_str(), seconds, static_cast<long long>(batch), ms,
                1000.0 * static_cast<double>(batch) / ms);
            std::fflush(stdout);
          }
        }
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_model_forward: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
