#include "reproduce/benchmark.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <sstream>

#include "common/atomic_write.h"
#include "common/build_info.h"
#include "common/error.h"
#include "common/rng.h"
#include "common/side_by_side.h"
#include "common/stopwatch.h"
#include "data/manifest.h"
#include "distributed/shard.h"
#include "distributed/world.h"
#include "metrics/paired_t_test.h"
#include "plot/gnuplot.h"
#include "reproduce/benchmark_resume.h"
#include "reproduce/config.h"
#include "reproduce/job_commands.h"
#include "reproduce/lane_balance.h"
#include "reproduce/records.h"
#include "reproduce/requests.h"
#include "reproduce/sequential.h"
#include "unlearn/forget_set.h"
#include "unlearn/method_spec.h"

namespace emoforget::reproduce {
namespace fs = std::filesystem;
namespace {

// The config of the forget job of `spec` (as its report will record it).
unlearn::UnlearnConfig forget_job_config(const BenchmarkConfig& config, const JobContext& context,
                                         const unlearn::MethodSpec& spec,
                                         const fs::path& forget_file, const fs::path& out) {
  unlearn::UnlearnConfig c;
  c.model_dir = config.model;
  c.manifest = config.manifest;
  c.out = out;
  c.method = spec.name;
  c.forget.file = forget_file;
  c.settings = method_run_settings(config, spec);
  c.run = context.run;
  if (spec.info().needs_init) c.init = config.init;
  return c;
}

// Removes the forget lists (the forgotten ids in clear) however the call ends.
struct ForgetListsRemoval {
  std::vector<fs::path> files;
  ~ForgetListsRemoval() {
    std::error_code ignored;
    for (const fs::path& f : files)
      fs::remove(f, ignored);
  }
};

void write_gap_plot(const fs::path& out, const std::vector<BenchmarkRecord>& records,
                    const std::vector<std::string>& methods,
                    const std::vector<std::string>& requests, nlohmann::json& files) {
  std::ostringstream csv;
  csv << "method";
  for (const std::string& r : requests)
    csv << ',' << r;
  csv << '\n';
  for (const std::string& method : methods) {
    csv << method;
    for (const std::string& request : requests) {
      std::vector<double> gaps;
      for (const BenchmarkRecord& rec : records) {
        if (rec.method == method && rec.request == request) gaps.push_back(rec.avg_gap);
      }
      csv << ',' << (gaps.empty() ? 0.0 : mean_std(gaps).mean);
    }
    csv << '\n';
  }
  write_file_atomic(out / "benchmark-gap.csv", csv.str());
  std::ostringstream gp;
  gp << "set terminal pngcairo size 900,500\nset output outfile\nset datafile separator ','\n"
        "set style data histograms\nset style histogram clustered gap 1\n"
        "set style fill solid 0.8 border -1\nset ylabel 'average gap to retrain (lower is "
        "better)'\nset yrange [0:*]\nset key top left\nset title 'Average gap to the "
        "retrained model per method and request'\n"
        "plot for [c=2:"
     << requests.size() + 1 << "] infile using c:xtic(1) title columnheader(c)\n";
  write_file_atomic(out / "benchmark-gap.gp", gp.str());
  const fs::path png = out / "benchmark-gap.png";
  const fs::path tmp = out / "benchmark-gap.png.tmp";
  plot::run_gnuplot(out / "benchmark-gap.gp",
                    {{"infile", (out / "benchmark-gap.csv").string()}, {"outfile", tmp.string()}});
  fs::rename(tmp, png);
  for (const char* name : {"benchmark-gap.csv", "benchmark-gap.gp", "benchmark-gap.png"})
    files.push_back((out / name).string());
}

// The first unlearning method's gap to retrain against each other one's, paired by
// seed (one-tailed: is the first lower?).
std::string paired_gap_tests(const std::vector<BenchmarkRecord>& records,
                             const std::vector<uint64_t>& seeds,
                             const std::vector<std::string>& methods, const std::string& request) {
  std::vector<std::string> unlearning;
  for (const std::string& m : methods)
    if (!unlearn::parse_method_spec(m).info().needs_init) unlearning.push_back(m);
  if (seeds.size() < 2 || unlearning.size() < 2) return "";
  const auto gaps = [&](const std::string& method) {
    std::vector<double> by_seed;
    for (const uint64_t seed : seeds)
      for (const BenchmarkRecord& r : records)
        if (r.request == request && r.method == method && r.seed == seed)
          by_seed.push_back(r.avg_gap);
    return by_seed;
  };
  const std::vector<double> first = gaps(unlearning.front());
  std::ostringstream md;
  md << "\nPaired one-tailed t-tests over the seeds, gap to retrain of " << unlearning.front()
     << " lower than that of:\n\n";
  for (size_t i = 1; i < unlearning.size(); ++i) {
    const std::vector<double> other = gaps(unlearning[i]);
    if (other.size() != first.size() || first.size() < 2) continue;
    const metrics::PairedTTest test = metrics::paired_t_test_less(first, other);
    char line[160];
    std::snprintf(line, sizeof line, "mean difference %+.3f, t(%d) = %.2f, p = %.3g",
                  test.mean_difference, test.df, test.t, test.p_value);
    md << "- " << unlearning[i] << ": " << line << (test.p_value < 0.05 ? " *" : "") << "\n";
  }
  return md.str();
}

}  // namespace

int BenchmarkConfig::job_threads() const {
  return threads_per_job(threads, lanes);
}

void BenchmarkConfig::validate() const {
  if (model.empty()) throw Error("--model is required (the fine-tuned model)");
  if (init.empty())
    throw Error("--init is required (the weights the model was fine-tuned from, for retrain)");
  if (manifest.empty()) throw Error("--manifest is required");
  if (out.empty()) throw Error("--out is required");
  if (methods.empty()) throw Error("--methods: at least one method");
  bool has_reference = false;
  for (const std::string& m : methods)
    has_reference =
        has_reference ||
        unlearn::utterance_method_info(unlearn::parse_method_spec(m).name, "--methods").needs_init;
  if (!has_reference) {
    throw Error("--methods must include " + unlearn::reference_method().name +
                ": every figure is measured against the retrained reference");
  }
  if (requests.empty()) throw Error("--requests: at least one of random, speaker");
  for (const std::string& r : requests) {
    if (r != "random" && r != "speaker")
      throw Error("--requests: unknown request '" + r + "' (use random, speaker)");
  }
  if (random_n < 1) throw Error("--n must be >= 1, got " + std::to_string(random_n));
  if (sequential < 0)
    throw Error("--sequential must be >= 0 (0 = one request per seed), got " +
                std::to_string(sequential));
  if (seeds.empty()) throw Error("--seeds: at least one seed");
  if (lanes < 1) throw Error("--jobs must be >= 1, got " + std::to_string(lanes));
  if (threads < 0) throw Error("--job-threads must be >= 0");
  if (executable.empty()) throw Error("benchmark: the emoforget executable is unknown");
  unlearn.validate();
  run.validate(train::model_clip_rules());
  if (resume && overwrite) throw Error("--resume and --overwrite exclude each other");
  if (resume && sequential > 0)
    throw Error("--resume: a --sequential benchmark runs again from the start (--overwrite)");
  if (fs::exists(out) && !fs::is_empty(out) && !overwrite && !resume) {
    throw Error("--out " + out.string() +
                " exists and is not empty; pass --resume to go on with it, or --overwrite");
  }
}

nlohmann::json BenchmarkConfig::to_json() const {
  nlohmann::json j = {{"model", model.string()},
                      {"init", init.string()},
                      {"manifest", manifest.string()},
                      {"out", out.string()},
                      {"methods", methods},
                      {"requests", requests},
                      {"n", random_n},
                      {"sequential", sequential},
                      {"seeds", seeds},
                      {"jobs_side_by_side", lanes},
                      {"threads_per_job", job_threads()}};
  run.add_to_json(j);
  j.erase("seed");
  add_unlearn_settings(unlearn, j);
  // The methods whose attack differs from the M and P above (their own, where not named).
  nlohmann::json own = nlohmann::json::object();
  for (const std::string& method : methods) {
    const unlearn::MethodSpec spec = unlearn::parse_method_spec(method);
    if (!spec.info().runs_pgd) continue;
    const unlearn::PgdConfig attack = method_run_settings(*this, spec).pgd;
    if (attack.m != unlearn.pgd.m || attack.p != unlearn.pgd.p)
      own[method] = {{"m", attack.m}, {"p", attack.p}};
  }
  if (!own.empty()) j["own_attack"] = own;
  return j;
}

unlearn::MethodSettings method_run_settings(const BenchmarkConfig& config,
                                            const unlearn::MethodSpec& spec) {
  return unlearn::with_method_pgd_defaults(spec.name, spec.settings(config.unlearn),
                                           config.named_pgd);
}

JobContext benchmark_job_context(const BenchmarkConfig& config) {
  JobContext context;
  context.executable = config.executable;
  context.threads = config.job_threads();
  context.manifest = config.manifest;
  context.run = config.run;
  return context;
}

void prepare_benchmark_out(const BenchmarkConfig& config) {
  if (config.overwrite && fs::exists(config.out)) fs::remove_all(config.out);
  fs::create_directories(config.out);
}

BenchmarkRecord benchmark_record(const nlohmann::json& audit, const std::string& request,
                                 uint64_t seed, const std::string& method) {
  const nlohmann::json& u = audit.at("models").at("unlearned");
  const std::string held_out = audit.at("held_out").at(0).get<std::string>();
  BenchmarkRecord r;
  r.request = request;
  r.seed = seed;
  r.method = method;
  r.ua = u.at("forget").at("uar").get<double>();
  r.ra = u.at("remain").at("uar").get<double>();
  r.ta = u.at("held_out").at(held_out).at("uar").get<double>();
  r.ta_f1 = u.at("held_out").at(held_out).at("macro_f1").get<double>();
  r.mia_efficacy = u.at("mia_efficacy").get<double>();
  r.avg_gap = u.at("avg_gap_to_retrain").get<double>();
  r.seconds = u.value("wall_seconds", nlohmann::json(0.0)).is_number()
                  ? u.at("wall_seconds").get<double>()
                  : 0.0;
  // The reference against itself has no GUM (its U, E and T are 0/0).
  const bool reference = unlearn::parse_method_spec(method).info().needs_init;
  if (!reference && u.contains("gum") && u["gum"].is_object())
    r.gum = u["gum"].at("gum").get<double>();
  if (u.contains("speedup_over_retrain") && u["speedup_over_retrain"].is_number())
    r.speedup = u["speedup_over_retrain"].get<double>();
  return r;
}

std::string benchmark_markdown(const std::vector<BenchmarkRecord>& records,
                               const std::vector<uint64_t>& seeds,
                               const std::vector<std::string>& methods,
                               const std::vector<std::string>& requests) {
  std::string seed_list;
  for (const uint64_t s : seeds)
    seed_list += (seed_list.empty() ? "" : ", ") + std::to_string(s);
  std::ostringstream md;
  md << "Unlearning benchmark: each figure is the mean";
  if (seeds.size() > 1) md << " ± half width of the 95 % t-interval";
  md << " over " << seeds.size() << (seeds.size() == 1 ? " seed" : " seeds") << " (" << seed_list
     << "). UA: UAR on the forget set; RA: on a remain-set sample; TA: on the held-out split; "
        "MIA-eff.: share of the forget set a membership attack fitted on the model's own "
        "outputs calls non-member; gap: mean |difference| to the retrained model of UA, RA, "
        "TA and MIA-eff. (lower is better); GUM: UnSLU-BENCH's (higher is better).\n";
  for (const std::string& request : requests) {
    const std::string title = request == "random"    ? "Random utterances"
                              : request == "speaker" ? "One speaker"
                                                     : request;
    md << "\n### " << title << "\n\n";
    md << "| method | UA | RA | TA | MIA-eff. | gap to retrain | GUM | time (s) | speed-up |\n";
    md << "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    for (const std::string& method : methods) {
      std::vector<double> ua, ra, ta, mia, gap, gum, seconds, speedup;
      for (const BenchmarkRecord& r : records) {
        if (r.request != request || r.method != method) continue;
        ua.push_back(r.ua);
        ra.push_back(r.ra);
        ta.push_back(r.ta);
        mia.push_back(r.mia_efficacy);
        gap.push_back(r.avg_gap);
        if (r.gum >= 0) gum.push_back(r.gum);
        seconds.push_back(r.seconds);
        if (r.speedup > 0) speedup.push_back(r.speedup);
      }
      if (ua.empty()) continue;
      const bool reference = unlearn::parse_method_spec(method).info().needs_init;
      md << "| " << method << (reference ? " (reference)" : "") << " | " << mean_ci_text(ua)
         << " | " << mean_ci_text(ra) << " | " << mean_ci_text(ta) << " | " << mean_ci_text(mia)
         << " | " << mean_ci_text(gap) << " | " << (reference ? "—" : mean_ci_text(gum)) << " | "
         << mean_ci_text(seconds) << " | " << (reference ? "1.0" : mean_ci_text(speedup)) << " |\n";
    }
    md << paired_gap_tests(records, seeds, methods, request);
  }
  return md.str();
}

nlohmann::json run_benchmark(const BenchmarkConfig& config, std::string& markdown) {
  config.validate();
  // Requests are dealt to the ranks of a distributed run: each (seed, request) block runs
  // its jobs on one rank; rank 0 then reads every audit and writes the outputs.
  distributed::Group& group = distributed::world();
  if (config.sequential > 0) {
    if (group.size() > 1)
      throw Error("benchmark --sequential runs as one process (each request builds on the last)");
    return run_sequential(config, markdown);
  }
  const auto wall_start = Clock::now();
  if (group.is_main()) prepare_benchmark_out(config);
  group.barrier("preparing the benchmark's folder");
  const data::Manifest manifest = data::read_manifest(config.manifest);
  const std::vector<std::string> train_splits = model_train_splits(config.model);
  const std::string& reference = unlearn::reference_method().name;
  JobContext context = benchmark_job_context(config);

  std::vector<BenchmarkRecord> records;
  nlohmann::json requests_json = nlohmann::json::array();
  // This rank's requests: each one's retraining and its unlearning runs (the PGD methods
  // first, sharing one attack) are dealt to the lanes together, so that while one
  // request's reference retrains the other lanes go on with the next requests.
  struct Block {
    fs::path dir, forget_file;
    uint64_t seed = 0;
  };
  std::vector<Block> blocks;
  std::vector<LaneUnit> units;
  ForgetListsRemoval lists;
  std::optional<FinishedRuns> finished;  // --resume: the runs an earlier call finished
  if (config.resume) finished.emplace(config.model);
  context.overwrite = config.resume;  // a killed retrain leaves its training state behind
  int64_t block = -1;
  for (const uint64_t seed : config.seeds) {
    for (const std::string& kind : config.requests) {
      if (!distributed::deals_to(++block, group.rank(), group.size())) continue;
      const fs::path dir = config.out / "runs" / (kind + "-seed" + std::to_string(seed));
      fs::create_directories(dir);
      context.logs = dir / "logs";
      context.run.seed = seed;
      const fs::path forget_file = dir / "forget.csv";
      const std::vector<std::string> ids =
          draw_requests(manifest, train_splits, kind, config.random_n, seed, 1).front();
      std::fprintf(stderr, "== benchmark: seed %llu, %s request (%zu utterances)\n",
                   static_cast<unsigned long long>(seed), kind.c_str(), ids.size());
      blocks.push_back({dir, forget_file, seed});
      LaneUnit reference_unit{kRetrainWeight, {}}, unlearning_unit{1.0, {}};
      SideLane other_jobs;
      for (const std::string& method : config.methods) {
        const unlearn::MethodSpec spec = unlearn::parse_method_spec(method);
        const unlearn::MethodInfo& info = spec.info();
        if (finished &&
            finished->finished(forget_job_config(config, context, spec, forget_file, dir / method),
                               ids, dir / method)) {
          std::fprintf(stderr, "benchmark: %s %s finished earlier, read back\n",
                       dir.filename().string().c_str(), method.c_str());
          continue;
        }
        SideJob job = forget_job(context, spec.name, config.model, forget_file, dir / method,
                                 method_run_settings(config, spec), dir / "pgd-cache",
                                 info.needs_init ? config.init : fs::path(), "forget-" + method);
        job.name = dir.filename().string() + " " + method;  // variants of one method differ
        (info.needs_init ? reference_unit.jobs
         : info.runs_pgd ? unlearning_unit.jobs
                         : other_jobs)
            .push_back(std::move(job));
      }
      // Audits against a reference that is retrained again are out of date.
      if (!reference_unit.jobs.empty()) {
        for (const fs::directory_entry& run : fs::directory_iterator(dir)) {
          std::error_code not_there;
          if (run.is_directory()) fs::remove(run.path() / "audit.json", not_there);
        }
      }
      lists.files.push_back(forget_file);
      write_forget_list(forget_file, ids);
      unlearning_unit.jobs.insert(unlearning_unit.jobs.end(), other_jobs.begin(), other_jobs.end());
      if (!reference_unit.jobs.empty()) units.push_back(std::move(reference_unit));
      if (!unlearning_unit.jobs.empty()) units.push_back(std::move(unlearning_unit));
    }
  }
  const auto done = [](const SideJob& job, double seconds) {
    std::fprintf(stderr, "benchmark: %s done in %.1f s\n", job.name.c_str(), seconds);
  };
  run_side_by_side(balanced_lanes(std::move(units), static_cast<size_t>(config.lanes)), done);
  std::vector<SideLane> audits(static_cast<size_t>(config.lanes));
  size_t next = 0;
  for (const Block& b : blocks) {
    fs::remove_all(b.dir / "pgd-cache");
    context.logs = b.dir / "logs";
    context.run.seed = b.seed;
    for (const std::string& method : config.methods) {
      // Read back (--resume) unless its run or its reference ran again, which removed it.
      if (fs::exists(b.dir / method / "audit.json")) continue;
      SideJob job = audit_job(context, config.model, b.dir / method, b.dir / reference,
                              b.forget_file, b.dir / method / "audit.json", "audit-" + method);
      job.name = "audit " + b.dir.filename().string() + " " + method;
      audits[next++ % audits.size()].push_back(std::move(job));
    }
  }
  run_side_by_side(audits, done);
  for (const Block& b : blocks)
    fs::remove(b.forget_file);  // the outputs keep no forgotten id in clear
  lists.files.clear();
  // Blocks take minutes: the wait has no timeout while every rank is alive.
  group.await_all("the benchmark's requests");
  if (!group.is_main()) {  // rank 0 writes the tables; the store may live in its process
    group.barrier("writing the benchmark's outputs");
    return {{"command", "benchmark"}, {"rank", group.rank()}};
  }
  for (const uint64_t seed : config.seeds) {
    for (const std::string& kind : config.requests) {
      const fs::path dir = config.out / "runs" / (kind + "-seed" + std::to_string(seed));
      const size_t count =
          draw_requests(manifest, train_splits, kind, config.random_n, seed, 1).front().size();
      requests_json.push_back({{"request", kind}, {"seed", seed}, {"utterances", count}});
      for (const std::string& method : config.methods) {
        records.push_back(
            benchmark_record(read_job_json(dir / method / "audit.json"), kind, seed, method));
      }
    }
  }

  markdown = benchmark_markdown(records, config.seeds, config.methods, config.requests);
  nlohmann::json files = nlohmann::json::array();
  write_gap_plot(config.out, records, config.methods, config.requests, files);
  nlohmann::json runs = nlohmann::json::array();
  for (const BenchmarkRecord& r : records) {
    runs.push_back({{"request", r.request},
                    {"seed", r.seed},
                    {"method", r.method},
                    {"ua", r.ua},
                    {"ra", r.ra},
                    {"ta", r.ta},
                    {"ta_macro_f1", r.ta_f1},
                    {"mia_efficacy", r.mia_efficacy},
                    {"avg_gap_to_retrain", r.avg_gap},
                    {"gum", r.gum >= 0 ? nlohmann::json(r.gum) : nlohmann::json(nullptr)},
                    {"wall_seconds", r.seconds},
                    {"speedup_over_retrain",
                     r.speedup > 0 ? nlohmann::json(r.speedup) : nlohmann::json(nullptr)}});
  }
  write_file_atomic(config.out / "benchmark.md", markdown);
  files.push_back((config.out / "benchmark.md").string());
  files.push_back((config.out / "benchmark.json").string());
  nlohmann::json report = {{"command", "benchmark"},
                           {"config", config.to_json()},
                           {"requests", requests_json},
                           {"runs", runs},
                           {"files", files},
                           {"timings", {{"wall_seconds", seconds_since(wall_start)}}},
                           {"versions", build_info()}};
  if (group.size() > 1) {
    report["distributed"] = group.summary();
    report["distributed"]["unit"] = "seed x request";
  }
  write_file_atomic(config.out / "benchmark.json", report.dump(2) + "\n");
  group.barrier("writing the benchmark's outputs");
  return report;
}

}  // namespace emoforget::reproduce
