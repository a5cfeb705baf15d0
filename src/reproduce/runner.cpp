#include "reproduce/runner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>

#include "audit/audit.h"
#include "common/atomic_write.h"
#include "common/build_info.h"
#include "common/error.h"
#include "common/progress.h"
#include "common/stopwatch.h"
#include "data/manifest.h"
#include "distributed/shard.h"
#include "distributed/world.h"
#include "reproduce/cost.h"
#include "reproduce/eta.h"
#include "reproduce/grid.h"
#include "reproduce/outputs.h"
#include "reproduce/records.h"
#include "reproduce/same_config.h"
#include "reproduce/tau_selection.h"
#include "train/finetune.h"
#include "unlearn/unlearn.h"

namespace emoforget::reproduce {
namespace fs = std::filesystem;
namespace {

nlohmann::json read_report(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read " + path.string());
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path.string() + " is not valid JSON (" + e.what() +
                "); delete its folder to rerun that run");
  }
}

// Unlearned weights are only needed for scoring, which the report already holds.
void delete_model_weights(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".safetensors" || ext == ".bin") fs::remove(entry.path());
  }
}

bool runs_reference(const ReproduceConfig& config) {
  for (const std::string& method : config.methods) {
    if (unlearn::method_info(method).needs_init) return true;
  }
  return false;
}

train::FinetuneConfig finetune_config(const ReproduceConfig& config, const RunSpec& spec,
                                      const fs::path& dir) {
  train::FinetuneConfig c;
  c.manifest = config.manifest;
  c.init = config.init;
  c.preset = config.preset;
  c.out = dir;
  c.train_splits = spec.setting.train_splits;
  c.val_split = "";  // both settings keep the last epoch: no selection on reported data
  c.keep = "last";
  int64_t train_utterances = 0;
  const data::Manifest manifest = data::read_manifest(config.manifest);
  for (const std::string& split : spec.setting.train_splits)
    train_utterances += static_cast<int64_t>(manifest.in_split(split).size());
  c.epochs = config.finetune_epochs(train_utterances);
  c.lr = config.lr;
  c.run = config.run;
  c.run.seed = spec.seed;
  // The retrained reference starts from the same weights; a --preset run saves them.
  if (config.init.empty() && runs_reference(config))
    c.save_init = init_dir(config.out, spec.setting, spec.seed);
  c.resume = true;  // an interrupted fine-tuning continues from its last epoch
  return c;
}

// Adversarial sets are shared by adv and adv-ewc runs of one (setting, seed, N)
// and tau; the folder is removed once that group of runs is done.
fs::path pgd_cache_dir(const fs::path& out, const RunSpec& spec) {
  return out / "pgd-cache" /
         (spec.setting.name + "-seed" + std::to_string(spec.seed) + "-n" + std::to_string(spec.n));
}

bool same_pgd_group(const RunSpec& a, const RunSpec& b) {
  return a.setting.name == b.setting.name && a.seed == b.seed && a.n == b.n;
}

unlearn::UnlearnConfig unlearn_config(const ReproduceConfig& config, const RunSpec& spec,
                                      const fs::path& dir) {
  unlearn::UnlearnConfig c;
  c.model_dir = finetune_dir(config.out, spec.setting, spec.seed);
  c.manifest = config.manifest;
  c.out = dir;
  c.method = spec.method;
  c.forget.random = spec.n;  // the same N utterances for every method and tau of a seed
  c.train_splits = spec.setting.train_splits;
  c.eval_splits = {spec.setting.held_out};
  c.settings = config.unlearn;
  if (method_uses_tau(spec.method)) {
    c.settings.pgd.tau = spec.tau;
    c.pgd_cache = pgd_cache_dir(config.out, spec);
  }
  c.run = config.run;
  c.run.batch = config.unlearn_batch();
  if (unlearn::method_info(spec.method).needs_init) {
    c.init = config.init.empty() ? init_dir(config.out, spec.setting, spec.seed) : config.init;
  }
  c.run.seed = spec.seed;
  c.overwrite = true;  // a folder without report.json is a leftover of an interrupted run
  return c;
}

RunRecord record_of(const RunSpec& spec, const nlohmann::json& report) {
  if (spec.finetune) {
    return record_from_finetune_report(report, spec.setting.name, spec.setting.held_out, spec.seed);
  }
  return record_from_unlearn_report(report, spec.setting.name, spec.setting.held_out, spec.seed,
                                    spec.n, spec.tau);
}

fs::path reference_dir(const fs::path& out, const RunSpec& spec) {
  RunSpec reference = spec;
  reference.method = unlearn::reference_method().name;
  reference.tau = 0.0;
  reference.tau_from_validation = false;
  return run_dir(out, reference);
}

// The run's audit against the retrained reference of its setting, seed and N
// (dir/audit.json; read back when a rerun finds it). Needs both models' weights.
std::optional<nlohmann::json> audit_run(const ReproduceConfig& config, const RunSpec& spec,
                                        const fs::path& dir) {
  const fs::path file = dir / "audit.json";
  if (fs::exists(file)) return read_report(file);
  const fs::path reference = reference_dir(config.out, spec);
  if (!runs_reference(config) || !fs::exists(reference / "config.json") ||
      !fs::exists(dir / "config.json")) {
    return std::nullopt;
  }
  audit::AuditConfig audit;
  audit.original = finetune_dir(config.out, spec.setting, spec.seed);
  audit.unlearned = dir;
  audit.reference = reference;
  audit.manifest = config.manifest;
  // No forget file: the audit finds the forget set through the hashes the run's
  // report records (the run's output keeps no id in clear).
  audit.held_out = {spec.setting.held_out};
  audit.member_splits = spec.setting.train_splits;
  audit.run.device = config.run.device;
  audit.run.batch = config.unlearn_batch();
  audit.run.seed = spec.seed;
  const nlohmann::json report = audit::run_audit(audit);
  write_file_atomic(file, report.dump(2) + "\n");
  return report;
}

std::string scores_text(const RunRecord& r, const std::string& held_out) {
  char text[96];
  if (std::isnan(r.forget_uar)) {
    std::snprintf(text, sizeof text, "%s UAR %.3f", held_out.c_str(), r.held_out_uar);
  } else {
    std::snprintf(text, sizeof text, "D_e UAR %.3f, %s UAR %.3f", r.forget_uar, held_out.c_str(),
                  r.held_out_uar);
  }
  return text;
}

// The plan's runs grouped by (setting, seed), each group in plan order.
std::vector<std::vector<size_t>> setting_seed_blocks(const std::vector<RunSpec>& plan) {
  std::vector<std::vector<size_t>> blocks;
  for (size_t i = 0; i < plan.size(); ++i) {
    if (blocks.empty() || plan[i].setting.name != plan[blocks.back().front()].setting.name ||
        plan[i].seed != plan[blocks.back().front()].seed) {
      blocks.emplace_back();
    }
    blocks.back().push_back(i);
  }
  return blocks;
}

}  // namespace

nlohmann::json run_reproduce(const ReproduceConfig& config) {
  config.validate();
  const auto wall_start = Clock::now();
  const data::Manifest manifest = data::read_manifest(config.manifest);
  fs::create_directories(config.out / "runs");
  std::vector<RunSpec> plan = plan_runs(config);
  const size_t total = plan.size();
  SplitSizes sizes;
  for (const char* split : {"train", "val", "test"}) {
    sizes[split] = static_cast<int64_t>(manifest.in_split(split).size());
  }
  // Runs not finished yet (a tau chosen at run time counts as not finished) and
  // their modelled cost, which turns the measured seconds into the ETA.
  std::vector<RunCost> costs;
  std::vector<bool> counted_pending;
  size_t pending = 0;
  RunCost pending_cost;
  for (size_t i = 0; i < plan.size(); ++i) {
    const RunSpec& spec = plan[i];
    costs.push_back(run_cost(spec, config, sizes, attack_cached(plan, i)));
    const bool is_pending =
        spec.tau_from_validation || !fs::exists(run_dir(config.out, spec) / "report.json");
    counted_pending.push_back(is_pending);
    if (is_pending) {
      ++pending;
      pending_cost += costs.back();
    }
  }
  std::fprintf(stderr, "reproduce: %zu runs (%zu to run, %zu finished earlier) in %s\n", total,
               pending, total - pending, (config.out / "runs").string().c_str());

  std::vector<RunRecord> records;
  std::string rank_tag;      // "rank R " in a distributed run's lines
  bool quiet_skips = false;  // reading back reports other ranks wrote
  nlohmann::json runs = nlohmann::json::array();
  size_t executed = 0, skipped = 0;
  double executed_seconds = 0.0;
  EtaModel eta_model;
  // One run of the plan: skipped (its report read back) when finished earlier, else run.
  const auto process = [&](size_t i) {
    RunSpec& spec = plan[i];
    if (spec.tau_from_validation) {
      const auto tau = select_tau(records, spec.n, spec.method);
      if (!tau) throw Error("run " + spec.label() + ": no train-val runs to choose tau on");
      spec.tau = *tau;
    }
    const fs::path dir = run_dir(config.out, spec);
    const fs::path report_path = dir / "report.json";
    char head[32];
    std::snprintf(head, sizeof head, "[%zu/%zu]", i + 1, total);
    nlohmann::json entry = {{"run", spec.label()}, {"dir", dir.string()}};
    if (fs::exists(report_path)) {
      const nlohmann::json report = read_report(report_path);
      check_same_config(spec.finetune ? finetune_config(config, spec, dir).to_json()
                                      : unlearn_config(config, spec, dir).to_json(),
                        report, report_path);
      records.push_back(record_of(spec, report));
      if (!spec.finetune) {
        if (const auto audit = audit_run(config, spec, dir))
          add_audit_figures(*audit, unlearn::method_info(spec.method).needs_init, records.back());
        if (!config.keep_models && !unlearn::method_info(spec.method).needs_init)
          delete_model_weights(dir);
      }
      eta_model.add(spent_cost(costs[i], records.back().attack_from_cache), records.back().seconds,
                    records.back().pgd_seconds);
      ++skipped;
      if (counted_pending[i]) {
        --pending;
        pending_cost -= costs[i];
        counted_pending[i] = false;
      }
      entry["skipped"] = true;
      if (!quiet_skips) {
        std::fprintf(stderr, "reproduce %s %s: finished earlier, skipped (%s)\n", head,
                     spec.label().c_str(),
                     scores_text(records.back(), spec.setting.held_out).c_str());
      }
    } else {
      const auto start = Clock::now();
      const nlohmann::json report =
          spec.finetune ? train::finetune(finetune_config(config, spec, dir))
                        : unlearn::run_unlearning(unlearn_config(config, spec, dir));
      records.push_back(record_of(spec, report));
      if (!spec.finetune) {
        if (const auto audit = audit_run(config, spec, dir))
          add_audit_figures(*audit, unlearn::method_info(spec.method).needs_init, records.back());
        if (!config.keep_models && !unlearn::method_info(spec.method).needs_init)
          delete_model_weights(dir);
      }
      const double seconds = seconds_since(start);
      executed_seconds += seconds;
      eta_model.add(spent_cost(costs[i], records.back().attack_from_cache), seconds,
                    records.back().pgd_seconds);
      ++executed;
      --pending;
      pending_cost -= costs[i];
      counted_pending[i] = false;
      entry["skipped"] = false;
      entry["seconds"] = seconds;
      entry["cost"] = {{"pgd_passes", costs[i].pgd}, {"other_passes", costs[i].other}};
      const double eta = pending == 0 ? 0.0 : eta_model.seconds_for(pending_cost);
      std::fprintf(stderr, "reproduce %s%s %s: %s in %s; %zu to go, ETA %s\n", rank_tag.c_str(),
                   head, spec.label().c_str(),
                   scores_text(records.back(), spec.setting.held_out).c_str(),
                   format_duration(seconds).c_str(), pending, format_duration(eta).c_str());
    }
    runs.push_back(entry);
    if (!spec.finetune && (i + 1 == plan.size() || !same_pgd_group(spec, plan[i + 1]))) {
      std::error_code ignored;
      fs::remove_all(pgd_cache_dir(config.out, spec), ignored);
      // Every run of this N is audited: the reference's weights are no longer needed.
      if (runs_reference(config) && !config.keep_models) {
        const fs::path reference = reference_dir(config.out, spec);
        if (fs::exists(reference)) delete_model_weights(reference);
      }
    }
  };

  distributed::Group& group = distributed::world();
  size_t executed_by_ranks = 0;
  double seconds_by_ranks = 0.0;
  if (group.size() > 1) {
    // Cells to ranks: each (setting, seed) block (its fine-tuning, then its N x method x
    // tau runs) is one job, dealt round-robin, run in one process with the rank's threads.
    // train-val blocks first: the other settings' tau is chosen on their reports.
    const std::vector<std::vector<size_t>> blocks = setting_seed_blocks(plan);
    distributed::Group alone(distributed::Environment{}, distributed::GroupOptions{});
    rank_tag = "rank " + std::to_string(group.rank()) + " ";
    for (const bool train_val : {true, false}) {
      if (!train_val) {  // every rank reads the train-val reports the taus come from
        quiet_skips = true;
        records.clear();  // this rank's own train-val records are read back with the rest
        for (size_t i = 0; i < plan.size(); ++i)
          if (plan[i].setting.name == "train-val") process(i);
        quiet_skips = false;
      }
      size_t dealt = 0;
      for (const std::vector<size_t>& block : blocks) {
        if ((plan[block.front()].setting.name == "train-val") != train_val) continue;
        if (distributed::deals_to(static_cast<int64_t>(dealt++), group.rank(), group.size())) {
          const distributed::WorldScope one_process(alone);
          for (const size_t i : block)
            process(i);
        }
      }
      // Cells take minutes to hours: the wait has no timeout while every rank is alive.
      group.await_all(train_val ? "the train-val cells" : "the cells");
    }
    executed_by_ranks =
        static_cast<size_t>(group.sum(static_cast<double>(executed), "counting the runs"));
    seconds_by_ranks = group.sum(executed_seconds, "counting the run time");
    // Every report is on disk now: one pass over the plan reads them back in plan order.
    records.clear();
    runs = nlohmann::json::array();
    executed = skipped = 0;
    executed_seconds = 0.0;
    quiet_skips = true;
    for (size_t i = 0; i < plan.size(); ++i) {
      plan[i].tau = plan[i].tau_from_validation ? 0.0 : plan[i].tau;
      process(i);
    }
    executed = executed_by_ranks;
    skipped = total - executed;
    executed_seconds = seconds_by_ranks;
  } else {
    for (size_t i = 0; i < plan.size(); ++i)
      process(i);
  }

  {
    std::error_code ignored;  // the per-group caches are gone; their folder goes too when empty
    if (fs::is_empty(config.out / "pgd-cache", ignored))
      fs::remove(config.out / "pgd-cache", ignored);
  }
  // Every run's own measured time, including runs an earlier invocation finished: the grid's
  // compute time however often it was resumed.
  double grid_seconds = 0.0;
  for (const RunRecord& record : records)
    grid_seconds += record.seconds;
  std::fprintf(stderr, "reproduce: %zu runs took %s in all (%s in this invocation)\n", total,
               format_duration(grid_seconds).c_str(), format_duration(executed_seconds).c_str());
  if (!group.is_main()) {  // rank 0 writes the tables, figures and summary
    group.barrier("writing the reproduction's outputs");
    return {{"command", "reproduce"}, {"rank", group.rank()}};
  }
  nlohmann::json outputs = write_reproduce_outputs(config, records);
  nlohmann::json summary = {{"command", "reproduce"},
                            {"config", config.to_json()},
                            {"runs",
                             {{"total", total},
                              {"executed", executed},
                              {"skipped", skipped},
                              {"executed_seconds", executed_seconds},
                              {"grid_seconds", grid_seconds},
                              {"list", runs}}},
                            {"tau_chosen", outputs["tau_chosen"]},
                            {"table1", outputs["table1"]},
                            {"files", outputs["files"]},
                            {"timings", {{"wall_seconds", seconds_since(wall_start)}}},
                            {"versions", build_info()}};
  if (group.size() > 1) {
    summary["distributed"] = group.summary();
    summary["distributed"]["unit"] = "setting x seed";
  }
  summary["files"].push_back((config.out / "reproduce.json").string());
  write_file_atomic(config.out / "reproduce.json", summary.dump(2) + "\n");
  group.barrier("writing the reproduction's outputs");
  return summary;
}

}  // namespace emoforget::reproduce
