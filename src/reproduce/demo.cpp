#include "reproduce/demo.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "common/atomic_write.h"
#include "common/build_info.h"
#include "common/error.h"
#include "common/rng.h"
#include "common/side_by_side.h"
#include "common/stopwatch.h"
#include "data/manifest.h"
#include "model/checkpoint.h"
#include "reproduce/config.h"
#include "reproduce/demo_table.h"
#include "reproduce/job_commands.h"
#include "synth/corpus.h"
#include "train/finetune_config.h"
#include "unlearn/forget_set.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::reproduce {
namespace fs = std::filesystem;
namespace {

void phase(const std::string& text) {
  std::fprintf(stderr, "\n== demo: %s\n", text.c_str());
}

// The demo's N random training utterances, written as a forget file every method shares.
fs::path write_forget_file(const DemoConfig& config, const fs::path& manifest_path) {
  const data::Manifest manifest = data::read_manifest(manifest_path);
  unlearn::ForgetRequest request;
  request.random = config.forget;
  Rng rng(config.run.seed);
  std::string text = "utt_id\n";
  for (const auto* u : unlearn::select_forget_set(manifest, request, {"train"}, rng)) {
    text += u->utt_id + "\n";
  }
  const fs::path path = config.out / "forget.csv";
  write_file_atomic(path, text);
  return path;
}

// The method whose audit becomes the demo's certificate: the recommended one (forget's
// default), else the first unlearning method listed.
std::string certified_method(const DemoConfig& config) {
  const std::string reference = unlearn::reference_method().name;
  std::string chosen;
  for (const std::string& method : config.methods) {
    if (method == unlearn::default_method_name()) return method;
    if (method != reference && chosen.empty()) chosen = method;
  }
  return chosen;
}

// The settings `method` runs with: the demo's, with the method's own M and P unless named.
unlearn::MethodSettings settings(const DemoConfig& config, const std::string& method) {
  return unlearn::with_method_pgd_defaults(method, config.unlearn, config.named_pgd);
}

// "distill-stop attacks with M = 10, P = 20 (its own where not named)." for each method
// whose attack differs from the demo's.
std::string own_attack_note(const DemoConfig& config) {
  std::string text;
  for (const std::string& method : config.methods) {
    if (!unlearn::method_info(method).runs_pgd) continue;
    const unlearn::PgdConfig own = settings(config, method).pgd;
    if (own.m == config.unlearn.pgd.m && own.p == config.unlearn.pgd.p) continue;
    text += method + " attacks with M = " + std::to_string(own.m) +
            ", P = " + std::to_string(own.p) + " (its own where not named). ";
  }
  return text.empty() ? text : text.substr(0, text.size() - 1);
}

double wall_seconds(const fs::path& model_dir) {
  const nlohmann::json report = read_job_json(model_dir / "report.json");
  return report["timings"]["wall_seconds"].get<double>();
}

// Builds the command lines of the demo's jobs (one `emoforget` process each).
class Jobs {
 public:
  Jobs(const DemoConfig& config, fs::path manifest, fs::path forget_file)
      : config_(config), manifest_(std::move(manifest)), forget_file_(std::move(forget_file)) {}

  fs::path model() const { return config_.out / "model"; }
  fs::path init() const { return config_.out / "init"; }
  fs::path unlearned(const std::string& method) const { return config_.out / "unlearned" / method; }

  // The original fine-tuning, or (`exclude`) the retrained reference: the same
  // recipe, weights and seed without the forget set.
  SideJob finetune(bool exclude) const {
    const std::string name = exclude ? unlearn::reference_method().name : "finetune";
    std::vector<std::string> argv = head("finetune");
    add(argv, {"--manifest", manifest_.string(), "--init", init().string(), "--out",
               (exclude ? unlearned(name) : model()).string(), "--epochs",
               std::to_string(config_.finetune_epochs), "--seed", std::to_string(config_.run.seed),
               "--device", config_.run.device.device});
    // --init is the demo's own random start: the from-scratch recipe, spelled out.
    const train::Recipe& r = train::kScratchRecipe;
    add(argv,
        {"--lr",
         flag_number(config_.finetune_lr > 0 ? config_.finetune_lr : train::kScratchLearningRate),
         "--batch", std::to_string(config_.run.batch > 0 ? config_.run.batch : r.batch),
         "--max-seconds", flag_number(clip_seconds()), "--crop", r.crop, "--warmup-ratio",
         flag_number(r.warmup_ratio), "--lr-schedule", r.schedule});
    if (exclude) add(argv, {"--exclude", forget_file_.string()});
    return {name, argv, log(name)};
  }

  SideJob forget(const std::string& method) const {
    return forget_job(context(), method, model(), forget_file_, unlearned(method),
                      settings(config_, method), config_.out / "pgd-cache", {}, "forget-" + method);
  }

  // The audit of `method`; the certified method's also writes the certificate page.
  SideJob audit(const std::string& method, bool with_reference, bool certify) const {
    const fs::path reference =
        with_reference ? unlearned(unlearn::reference_method().name) : fs::path();
    SideJob job = audit_job(context(), model(), unlearned(method), reference, forget_file_,
                            unlearned(method) / "audit.json", "audit-" + method);
    if (certify) {
      job.argv.push_back("--html");
      job.argv.push_back(certificate().string());
    }
    return job;
  }

  fs::path certificate() const { return config_.out / "certificate.html"; }

  double clip_seconds() const {
    return config_.run.max_seconds > 0 ? config_.run.max_seconds
                                       : train::kScratchRecipe.max_seconds;
  }
  int64_t unlearn_batch() const {
    return config_.run.batch > 0 ? config_.run.batch : train::kPretrainedRecipe.batch;
  }

 private:
  JobContext context() const {
    JobContext c;
    c.executable = config_.executable;
    c.threads = config_.job_threads();
    c.manifest = manifest_;
    c.logs = config_.out / "logs";
    c.run = config_.run;
    c.run.batch = unlearn_batch();
    c.run.max_seconds = clip_seconds();
    return c;
  }

  std::vector<std::string> head(const std::string& command) const {
    return {config_.executable.string(), "--threads", std::to_string(config_.job_threads()),
            command};
  }
  static void add(std::vector<std::string>& argv, std::initializer_list<std::string> items) {
    argv.insert(argv.end(), items.begin(), items.end());
  }
  fs::path log(const std::string& name) const { return config_.out / "logs" / (name + ".log"); }

  const DemoConfig& config_;
  fs::path manifest_;
  fs::path forget_file_;
};

// Deals `jobs` out to `lanes` lanes, longest first, each to the lane with the least
// estimated work (`cost` per job).
std::vector<SideLane> deal(const std::vector<std::pair<SideJob, double>>& jobs, int lanes) {
  std::vector<SideLane> out(static_cast<size_t>(std::max(1, lanes)));
  std::vector<double> load(out.size(), 0.0);
  for (const auto& [job, cost] : jobs) {
    const size_t lane =
        static_cast<size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    out[lane].push_back(job);
    load[lane] += cost;
  }
  return out;
}

void announce(const SideJob& job, double seconds) {
  std::fprintf(stderr, "demo: %s done in %.1f s\n", job.name.c_str(), seconds);
}

}  // namespace

unlearn::MethodSettings demo_method_settings() {
  unlearn::MethodSettings s;  // the paper's M=20, P=50, tau 0.3, lambdas and lr
  s.epochs = 5;  // paper: 15; Remain. Unl. walks the whole remain set each epoch (8 min at 15)
  return s;
}

train::RunOptions demo_run_options() {
  return train::FinetuneConfig::auto_run_options();
}

int DemoConfig::job_threads() const {
  return threads_per_job(threads, lanes);
}

void DemoConfig::validate() const {
  if (out.empty()) throw Error("--out is required");
  if (speakers < 3) throw Error("--speakers must be >= 3, got " + std::to_string(speakers));
  if (per_class < 1) throw Error("--per-class must be >= 1, got " + std::to_string(per_class));
  if (finetune_epochs < 1) throw Error("--epochs must be >= 1");
  if (forget < 1) throw Error("--forget must be >= 1, got " + std::to_string(forget));
  if (methods.empty()) throw Error("--methods: at least one method");
  for (const auto& method : methods)
    unlearn::utterance_method_info(method, "--methods");
  if (lanes < 1) throw Error("--jobs must be >= 1, got " + std::to_string(lanes));
  if (threads < 0) throw Error("--job-threads must be >= 0, got " + std::to_string(threads));
  if (executable.empty()) throw Error("demo: the emoforget executable to run jobs with is unknown");
  unlearn.validate("unlearn-");
  train::RunOptions::Rules rules;
  rules.auto_batch_allowed = true;
  rules.auto_length_allowed = true;
  run.validate(rules);
  if (fs::exists(out) && !fs::is_empty(out) && !overwrite) {
    throw Error("--out " + out.string() +
                " exists and is not empty; pass --overwrite to replace it");
  }
}

nlohmann::json DemoConfig::to_json() const {
  nlohmann::json j = {{"out", out.string()},
                      {"speakers", speakers},
                      {"per_class", per_class},
                      {"finetune_epochs", finetune_epochs},
                      {"split", split},
                      {"finetune_lr", finetune_lr > 0 ? finetune_lr : train::kScratchLearningRate},
                      {"forget", forget},
                      {"methods", methods},
                      {"tau", unlearn.pgd.tau},
                      {"jobs_side_by_side", lanes},
                      {"threads_per_job", job_threads()}};
  run.add_to_json(j);
  add_unlearn_settings(unlearn, j);
  return j;
}

nlohmann::json run_demo(const DemoConfig& config, std::string& table) {
  config.validate();
  const auto wall_start = Clock::now();
  if (config.overwrite && fs::exists(config.out)) fs::remove_all(config.out);
  fs::create_directories(config.out / "unlearned");
  nlohmann::json timings;

  phase("1/5 synthesising a corpus (" + std::to_string(config.speakers) +
        " speakers x 7 emotions x " + std::to_string(config.per_class) + ")");
  auto start = Clock::now();
  synth::SynthConfig synth;
  synth.out = config.out / "corpus";
  synth.speakers = config.speakers;
  synth.per_class = config.per_class;
  synth.split = config.split;
  synth.seed = config.run.seed;
  synth::synthesize_corpus(synth);
  const fs::path manifest = synth.out / "manifest.csv";
  timings["synth_seconds"] = seconds_since(start);

  const fs::path forget_file = write_forget_file(config, manifest);
  const Jobs jobs(config, manifest, forget_file);
  {
    model::ModelConfig model_config = model::ModelConfig::preset("tiny");
    model_config.id2label = data::read_manifest(manifest).emotions();
    model::SequenceClassifier initial(model_config);
    initial->init_weights(config.run.seed);
    model::save_model(initial, jobs.init());
  }
  const std::string& reference = unlearn::reference_method().name;
  const bool has_reference =
      std::find(config.methods.begin(), config.methods.end(), reference) != config.methods.end();

  phase("2/5 fine-tuning the tiny model from scratch" +
        std::string(has_reference ? ", and beside it the retrained reference without the " +
                                        std::to_string(config.forget) + " forget utterances"
                                  : "") +
        " (logs in " + (config.out / "logs").string() + ")");
  start = Clock::now();
  std::vector<SideLane> lanes = {{jobs.finetune(false)}};
  if (has_reference) lanes.push_back({jobs.finetune(true)});
  run_side_by_side(lanes, announce);
  timings["finetune_seconds"] = wall_seconds(jobs.model());
  timings["finetune_phase_seconds"] = seconds_since(start);

  phase("3/5 forgetting " + std::to_string(config.forget) + " utterances with every method, " +
        std::to_string(config.lanes) + " side by side");
  start = Clock::now();
  // The PGD methods share one attack through the cache, so they share a lane; a method
  // that walks the remain set or makes an attack of its own costs about as much, and the
  // light ones fill in.
  std::vector<std::pair<SideJob, double>> heavy, light;
  bool has_pgd = false;
  SideLane pgd_lane;
  for (const std::string& method : config.methods) {
    const unlearn::MethodInfo& info = unlearn::method_info(method);
    if (info.needs_init) continue;
    const unlearn::PgdConfig attack = settings(config, method).pgd;
    const bool own_attack = attack.m != config.unlearn.pgd.m || attack.p != config.unlearn.pgd.p;
    if (info.runs_pgd && own_attack) {
      heavy.emplace_back(jobs.forget(method), 1.0);
    } else if (info.runs_pgd) {
      pgd_lane.push_back(jobs.forget(method));
      has_pgd = true;
    } else {
      (info.reads_remain_set ? heavy : light).emplace_back(jobs.forget(method), 1.0);
    }
  }
  lanes = deal(heavy, std::max(1, config.lanes - (has_pgd ? 1 : 0)));
  if (has_pgd) lanes.insert(lanes.begin(), pgd_lane);
  for (auto& [job, cost] : light)  // after the PGD lane's work (else the first lane's)
    lanes.front().push_back(job);
  if (config.lanes == 1) {  // one after another
    SideLane all;
    for (const SideLane& lane : lanes)
      all.insert(all.end(), lane.begin(), lane.end());
    lanes = {all};
  }
  run_side_by_side(lanes, announce);
  fs::remove_all(config.out / "pgd-cache");
  timings["forget_phase_seconds"] = seconds_since(start);

  phase(
      "4/5 auditing every model against the retrained reference (membership inference, "
      "gaps, z-tests)");
  start = Clock::now();
  std::vector<std::string> order;  // the table's rows: the reference first
  if (has_reference) order.push_back(reference);
  for (const std::string& method : config.methods) {
    if (method != reference) order.push_back(method);
  }
  const std::string certified = certified_method(config);
  std::vector<std::pair<SideJob, double>> audit_jobs;
  for (const std::string& method : order)
    audit_jobs.emplace_back(jobs.audit(method, has_reference, method == certified), 1.0);
  run_side_by_side(deal(audit_jobs, config.lanes), announce);
  nlohmann::json audits = nlohmann::json::object();
  std::vector<std::pair<std::string, double>> run_seconds;
  for (const std::string& method : order) {
    audits[method] = read_job_json(jobs.unlearned(method) / "audit.json");
    run_seconds.emplace_back(method, wall_seconds(jobs.unlearned(method)));
    timings[method + "_seconds"] = run_seconds.back().second;
  }
  timings["audit_phase_seconds"] = seconds_since(start);

  phase("5/5 summary");
  table = demo_table(audits, run_seconds, timings["finetune_seconds"].get<double>(), reference);
  train::RunOptions effective = config.run;
  effective.max_seconds = jobs.clip_seconds();
  const std::string departures = departures_from_paper(config.unlearn, effective);
  if (!departures.empty()) table += "\nSettings that differ from the paper: " + departures + ".\n";
  const std::string own_attacks = own_attack_note(config);
  if (!own_attacks.empty()) table += "\n" + own_attacks + "\n";
  timings["wall_seconds"] = seconds_since(wall_start);

  const nlohmann::json finetune_report = read_job_json(jobs.model() / "report.json");
  nlohmann::json report = {{"command", "demo"},
                           {"config", config.to_json()},
                           {"seed", config.run.seed},
                           {"paths",
                            {{"corpus", synth.out.string()},
                             {"manifest", manifest.string()},
                             {"model", jobs.model().string()},
                             {"forget_file", forget_file.string()},
                             {"unlearned", (config.out / "unlearned").string()},
                             {"logs", (config.out / "logs").string()}}},
                           {"finetune",
                            {{"best_epoch", finetune_report["best_epoch"]},
                             {"best_val_uar", finetune_report["best_val_uar"]},
                             {"final", finetune_report["final"]}}},
                           {"table_markdown", table},
                           {"timings", timings},
                           {"versions", build_info()}};
  if (!certified.empty())
    report["certificate"] = {{"method", certified}, {"path", jobs.certificate().string()}};
  write_file_atomic(config.out / "demo.json", report.dump(2) + "\n");
  write_file_atomic(config.out / "table.md", table);
  return report;
}

}  // namespace emoforget::reproduce
