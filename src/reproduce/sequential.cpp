#include "reproduce/sequential.h"

#include <cstdio>

#include "common/atomic_write.h"
#include "common/build_info.h"
#include "common/error.h"
#include "common/side_by_side.h"
#include "common/stopwatch.h"
#include "data/manifest.h"
#include "reproduce/job_commands.h"
#include "reproduce/requests.h"
#include "reproduce/sequential_plot.h"
#include "train/evaluate_checkpoint.h"
#include "unlearn/method_info.h"
#include "unlearn/method_spec.h"

namespace emoforget::reproduce {
namespace fs = std::filesystem;
namespace {

double uar_on(const BenchmarkConfig& config, const fs::path& model, const fs::path& utts) {
  train::EvaluateConfig evaluate;
  evaluate.model_dir = model;
  evaluate.manifest = config.manifest;
  evaluate.utts = utts;
  evaluate.run = config.run;
  return train::evaluate_checkpoint(evaluate).at("uar").get<double>();
}

double held_out_uar(const nlohmann::json& audit, const std::string& role) {
  const std::string split = audit.at("held_out").at(0).get<std::string>();
  return audit.at("models").at(role).at("held_out").at(split).at("uar").get<double>();
}

// One seed's sequence of requests of one kind, every method on its own chain.
class Sequence {
 public:
  Sequence(const BenchmarkConfig& config, const JobContext& context, fs::path dir)
      : config_(config), context_(context), dir_(std::move(dir)) {}

  fs::path request_file(int r) const {
    return dir_ / "requests" / ("request-" + std::to_string(r) + ".csv");
  }
  fs::path union_file() const { return dir_ / "requests" / "all.csv"; }
  fs::path step(const std::string& method, int r) const {
    return dir_ / method / ("request-" + std::to_string(r));
  }
  fs::path reference() const { return dir_ / unlearn::reference_method().name; }

  // Lane 0 retrains without every request; the chains share the other lanes.
  void run_chains(const std::vector<std::string>& chained) const {
    std::vector<SideLane> lanes(static_cast<size_t>(config_.lanes));
    lanes[0].push_back(forget_job(context_, unlearn::reference_method().name, config_.model,
                                  union_file(), reference(), config_.unlearn, fs::path(),
                                  config_.init, "forget-retrain"));
    const size_t free_lanes = lanes.size() > 1 ? lanes.size() - 1 : 1;
    for (size_t i = 0; i < chained.size(); ++i) {
      SideLane& lane = lanes[lanes.size() > 1 ? 1 + i % free_lanes : 0];
      for (int r = 1; r <= config_.sequential; ++r) {
        const fs::path parent = r == 1 ? config_.model : step(chained[i], r - 1);
        const unlearn::MethodSpec spec = unlearn::parse_method_spec(chained[i]);
        SideJob job = forget_job(context_, spec.name, parent, request_file(r), step(chained[i], r),
                                 method_run_settings(config_, spec), dir_ / "pgd-cache", fs::path(),
                                 "forget-" + chained[i] + "-" + std::to_string(r));
        job.name = chained[i] + " request " + std::to_string(r);
        lane.push_back(std::move(job));
      }
    }
    run_side_by_side(lanes, announce);
    fs::remove_all(dir_ / "pgd-cache");
  }

  // Every step against the reference, on the request it carried out.
  void run_audits(const std::vector<std::string>& chained) const {
    std::vector<SideLane> lanes(static_cast<size_t>(config_.lanes));
    size_t next = 0;
    for (const std::string& method : chained) {
      for (int r = 1; r <= config_.sequential; ++r) {
        SideJob job =
            audit_job(context_, config_.model, step(method, r), reference(), request_file(r),
                      step(method, r) / "audit.json", "audit-" + method + "-" + std::to_string(r));
        job.name = "audit " + method + " request " + std::to_string(r);
        lanes[next++ % lanes.size()].push_back(std::move(job));
      }
    }
    run_side_by_side(lanes, announce);
  }

  static void announce(const SideJob& job, double seconds) {
    std::fprintf(stderr, "benchmark: %s done in %.1f s\n", job.name.c_str(), seconds);
  }

 private:
  const BenchmarkConfig& config_;
  const JobContext& context_;
  fs::path dir_;
};

}  // namespace

int SequentialRecord::climbed_back() const {
  int count = 0;
  for (size_t k = 0; k + 1 < forget_uar.size(); ++k)
    count += forget_uar[k] > reference_uar[k] ? 1 : 0;
  return count;
}

nlohmann::json sequential_record_json(const SequentialRecord& r) {
  return {{"request", r.request},
          {"seed", r.seed},
          {"method", r.method},
          {"step", r.step},
          {"ta", r.ta},
          {"ra", r.ra},
          {"mia_efficacy", r.mia_efficacy},
          {"avg_gap_to_retrain", r.avg_gap},
          {"wall_seconds", r.seconds},
          {"forget_uar", r.forget_uar},
          {"reference_forget_uar", r.reference_uar},
          {"earlier_sets_above_reference", r.climbed_back()},
          {"original_ta", r.original_ta},
          {"reference_ta", r.reference_ta}};
}

nlohmann::json run_sequential(const BenchmarkConfig& config, std::string& markdown) {
  const auto wall_start = Clock::now();
  std::vector<std::string> chained;
  for (const std::string& method : config.methods) {
    if (!unlearn::parse_method_spec(method).info().needs_init) chained.push_back(method);
  }
  if (chained.empty())
    throw Error("--sequential: --methods needs an unlearning method besides the reference");
  prepare_benchmark_out(config);
  const data::Manifest manifest = data::read_manifest(config.manifest);
  const std::vector<std::string> train_splits = model_train_splits(config.model);
  JobContext context = benchmark_job_context(config);

  const int count = config.sequential;
  std::vector<SequentialRecord> records;
  nlohmann::json requests_json = nlohmann::json::array();
  for (const uint64_t seed : config.seeds) {
    for (const std::string& kind : config.requests) {
      const fs::path dir = config.out / "runs" / (kind + "-seed" + std::to_string(seed));
      fs::create_directories(dir / "requests");
      context.logs = dir / "logs";
      context.run.seed = seed;
      const Sequence sequence(config, context, dir);
      const auto sets = draw_requests(manifest, train_splits, kind, config.random_n, seed, count);
      std::vector<std::string> all;
      std::vector<size_t> sizes;
      for (int r = 1; r <= count; ++r) {
        const auto& ids = sets[static_cast<size_t>(r - 1)];
        write_forget_list(sequence.request_file(r), ids);
        all.insert(all.end(), ids.begin(), ids.end());
        sizes.push_back(ids.size());
      }
      write_forget_list(sequence.union_file(), all);
      std::fprintf(stderr, "\n== benchmark: seed %llu, %d %s requests in a row (%zu utterances)\n",
                   static_cast<unsigned long long>(seed), count, kind.c_str(), all.size());
      requests_json.push_back({{"request", kind}, {"seed", seed}, {"utterances", sizes}});
      sequence.run_chains(chained);
      sequence.run_audits(chained);

      std::vector<double> reference_uar;
      for (int r = 1; r <= count; ++r)
        reference_uar.push_back(uar_on(config, sequence.reference(), sequence.request_file(r)));
      for (const std::string& method : chained) {
        for (int r = 1; r <= count; ++r) {
          const fs::path model = sequence.step(method, r);
          const nlohmann::json audit = read_job_json(model / "audit.json");
          const nlohmann::json& u = audit.at("models").at("unlearned");
          SequentialRecord rec;
          rec.request = kind;
          rec.seed = seed;
          rec.method = method;
          rec.step = r;
          rec.ta = held_out_uar(audit, "unlearned");
          rec.ra = u.at("remain").at("uar").get<double>();
          rec.mia_efficacy = u.at("mia_efficacy").get<double>();
          rec.avg_gap = u.at("avg_gap_to_retrain").get<double>();
          rec.seconds = read_job_json(model / "report.json").at("timings").at("wall_seconds");
          rec.original_ta = held_out_uar(audit, "original");
          rec.reference_ta = held_out_uar(audit, "reference");
          for (int k = 1; k < r; ++k)
            rec.forget_uar.push_back(uar_on(config, model, sequence.request_file(k)));
          rec.forget_uar.push_back(u.at("forget").at("uar").get<double>());
          rec.reference_uar.assign(reference_uar.begin(), reference_uar.begin() + r);
          records.push_back(std::move(rec));
        }
      }
      fs::remove_all(dir / "requests");  // the outputs keep no forgotten id in clear
    }
  }

  markdown = sequential_markdown(records, config);
  nlohmann::json files = nlohmann::json::array();
  for (const std::string& kind : config.requests) {
    for (const std::string& method : chained)
      write_sequential_plot(config.out, records, kind, method, count, files);
  }
  nlohmann::json steps = nlohmann::json::array();
  for (const SequentialRecord& r : records)
    steps.push_back(sequential_record_json(r));
  write_file_atomic(config.out / "sequential.md", markdown);
  files.push_back((config.out / "sequential.md").string());
  files.push_back((config.out / "sequential.json").string());
  nlohmann::json report = {{"command", "benchmark"},
                           {"mode", "sequential"},
                           {"config", config.to_json()},
                           {"requests", requests_json},
                           {"steps", steps},
                           {"files", files},
                           {"timings", {{"wall_seconds", seconds_since(wall_start)}}},
                           {"versions", build_info()}};
  write_file_atomic(config.out / "sequential.json", report.dump(2) + "\n");
  return report;
}

}  // namespace emoforget::reproduce
