// Scaling out on one machine: fine-tuning and PGD throughput of `emoforget` run as
// R ranks x T threads (`emoforget launch`, Gloo on loopback) beside one process, on a
// small synthetic corpus. Each figure comes from the run's own report (training
// seconds of the epochs after the --warmup-epochs first ones, whose first steps fault
// in the process's memory; the attack's seconds), so start-up and decoding are left out;
// each configuration runs --rounds times, the rounds alternating the configurations; the
// median rate is printed, and the median over rounds of its ratio to the first
// configuration's rate in the same round (a shared host's speed drifts from minute to
// minute, and both runs of a round see the same minute).
// Usage: bench_scaling [--configs 1x1,1x2,2x1] [--preset tiny] [--seconds 1]
//                      [--epochs 6] [--warmup-epochs 1] [--batch 16] [--n 8] [--m 8] [--p 10]
//                      [--pgd-batch 4] [--rounds 3] [--speakers 8]
#include <unistd.h>
#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_flags.h"
#include "common/blas_core.h"
#include "common/comma_list.h"

namespace fs = std::filesystem;

namespace {

struct Layout {
  int ranks = 1;
  int threads = 1;
  std::string name() const { return std::to_string(ranks) + "x" + std::to_string(threads); }
};

// Runs `emoforget ARGS` as `layout` and returns rank 0's JSON report (stdout).
nlohmann::json run(const Layout& layout, const std::vector<std::string>& args) {
  std::string command = EMOFORGET_CLI;
  if (layout.ranks > 1) command += " launch --nproc " + std::to_string(layout.ranks) + " --";
  command += " --threads " + std::to_string(layout.threads) + " --quiet";
  for (const std::string& arg : args)
    command += " '" + arg + "'";
  command += " 2>/tmp/bench_scaling.err";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) {
    std::fprintf(stderr, "bench_scaling: cannot run %s\n", command.c_str());
    std::exit(1);
  }
  std::string out;
  std::array<char, 4096> buffer{};
  while (size_t got = fread(buffer.data(), 1, buffer.size(), pipe.get()))
    out.append(buffer.data(), got);
  const int status = pclose(pipe.release());
  if (status != 0) {
    std::fprintf(stderr, "bench_scaling: failed (see /tmp/bench_scaling.err): %s\n",
                 command.c_str());
    std::exit(1);
  }
  return nlohmann::json::parse(out);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  BenchFlags flags(argc, argv);
  const std::string configs = flags.text("--configs", "1x1,1x2,2x1");
  const std::string preset = flags.text("--preset", "tiny");
  const std::string seconds = flags.text("--seconds", "1");
  const std::string epochs = flags.text("--epochs", "6");
  const int warmup_epochs = static_cast<int>(flags.number("--warmup-epochs", 1));
  const std::string batch = flags.text("--batch", "16");
  const std::string n = flags.text("--n", "8");
  const std::string m = flags.text("--m", "8");
  const std::string p = flags.text("--p", "10");
  const std::string pgd_batch = flags.text("--pgd-batch", "4");
  const int rounds = static_cast<int>(flags.number("--rounds", 3));
  const std::string speakers = flags.text("--speakers", "8");
  flags.finish();
  if (warmup_epochs < 0 || warmup_epochs >= std::stoi(epochs)) {
    std::fprintf(stderr, "--warmup-epochs must leave at least one of the %s epochs timed\n",
                 epochs.c_str());
    return 2;
  }

  std::vector<Layout> layouts;
  for (const std::string& item : emoforget::parse_name_list(configs, "--configs")) {
    Layout layout;
    if (std::sscanf(item.c_str(), "%dx%d", &layout.ranks, &layout.threads) != 2 ||
        layout.ranks < 1 || layout.threads < 1) {
      std::fprintf(stderr, "--configs: '%s' is not RANKSxTHREADS\n", item.c_str());
      return 2;
    }
    layouts.push_back(layout);
  }
  const fs::path dir =
      fs::temp_directory_path() / ("emoforget-bench-scaling-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string corpus = (dir / "corpus").string();
  run({1, static_cast<int>(std::thread::hardware_concurrency())},
      {"synth", "--out", corpus, "--speakers", speakers, "--per-class", "2", "--seed", "1"});
  const std::string manifest = corpus + "/manifest.csv";
  const std::vector<std::string> finetune = {
      "finetune", "--manifest",     manifest,         "--preset",    preset,
      "--epochs", epochs,           "--batch",        batch,         "--max-seconds",
      seconds,    "--train-splits", "train,val,test", "--val-split", "",
      "--keep",   "last",           "--seed",         "1",           "--overwrite"};
  const std::string model = (dir / "model").string();
  {
    std::vector<std::string> first = finetune;
    first.insert(first.end(), {"--out", model});
    run({1, 1}, first);
  }
  const std::vector<std::string> forget = {"forget", "--model",       model,     "--manifest",
                                           manifest, "--method",      "adv",     "--forget-random",
                                           n,        "--m",           m,         "--p",
                                           p,        "--pgd-batch",   pgd_batch, "--epochs",
                                           "1",      "--max-seconds", seconds,   "--overwrite"};

  std::printf(
      "bench_scaling: preset %s, %s s clips; finetune: synthetic corpus of %s speakers x "
      "7 emotions x 2, %s epochs (the first %d untimed), global batch %s; PGD: N=%s x M=%s, "
      "P=%s, pgd-batch %s; %u cores; blas %s; medians of %d rounds\n",
      preset.c_str(), seconds.c_str(), speakers.c_str(), epochs.c_str(), warmup_epochs,
      batch.c_str(), n.c_str(), m.c_str(), p.c_str(), pgd_batch.c_str(),
      std::thread::hardware_concurrency(), emoforget::blas_core_name().c_str(), rounds);
  std::printf("| ranks x threads | finetune utt/s | vs 1x1 | PGD sample-steps/s | vs 1x1 |\n");
  std::printf("|---|---|---|---|---|\n");
  std::vector<std::vector<double>> train_rates(layouts.size()), pgd_rates(layouts.size());
  for (int round = 0; round < rounds; ++round) {
    for (size_t k = 0; k < layouts.size(); ++k) {
      const Layout& layout = layouts[k];
      std::vector<std::string> args = finetune;
      args.insert(args.end(), {"--out", (dir / ("ft-" + layout.name())).string()});
      const nlohmann::json report = run(layout, args);
      const nlohmann::json& epochs_run = report["epochs"];
      double train_seconds = 0;
      for (size_t e = static_cast<size_t>(warmup_epochs); e < epochs_run.size(); ++e)
        train_seconds += epochs_run[e]["train_seconds"].get<double>();
      train_rates[k].push_back(report["data"]["train"].get<double>() *
                               static_cast<double>(epochs_run.size() - warmup_epochs) /
                               train_seconds);
      args = forget;
      args.insert(args.end(), {"--out", (dir / ("fg-" + layout.name())).string()});
      const nlohmann::json unlearned = run(layout, args);
      pgd_rates[k].push_back(unlearned["adversarial"]["samples"].get<double>() * std::stod(p) /
                             unlearned["timings"]["pgd_seconds"].get<double>());
    }
  }
  // "vs 1x1": the median of each round's ratio to the first configuration of that round.
  const auto ratio = [&](const std::vector<std::vector<double>>& rates, size_t k) {
    std::vector<double> ratios;
    for (int round = 0; round < rounds; ++round)
      ratios.push_back(rates[k][static_cast<size_t>(round)] / rates[0][static_cast<size_t>(round)]);
    return median(ratios);
  };
  for (size_t k = 0; k < layouts.size(); ++k) {
    std::printf("| %s | %.1f | %.2fx | %.1f | %.2fx |\n", layouts[k].name().c_str(),
                median(train_rates[k]), ratio(train_rates, k), median(pgd_rates[k]),
                ratio(pgd_rates, k));
  }
  fs::remove_all(dir);
  return 0;
}
